package ke.onpoint.pay.dashboard.console;

import java.util.Map;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Names the console's pages show for codes: the providers as they write their own names. */
@ControllerAdvice(basePackageClasses = ConsoleLabels.class)
class ConsoleLabels {

    static final Map<String, String> PROVIDERS =
            Map.of("mpesa", "M-Pesa", "paystack", "Paystack", "flutterwave", "Flutterwave");

    @ModelAttribute
    void labels(Model model) {
        model.addAttribute("providerNames", PROVIDERS);
    }
}
