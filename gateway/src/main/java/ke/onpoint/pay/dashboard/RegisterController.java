package ke.onpoint.pay.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.merchant.Logins;
import ke.onpoint.pay.merchant.MerchantUsers;
import ke.onpoint.pay.security.ClientAddresses;
import ke.onpoint.pay.security.Passwords;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A new merchant signs up from the sign-in page (no sign-in needed): the business and its owner are created through
 * the API's own registration ({@link Logins#register}: same checks, same audit entry), then the owner signs in.
 */
@Controller
class RegisterController {

    static final String PATH = "/dashboard/register";
    private static final String TEMPLATE = "dashboard/register";

    private final Logins logins;
    private final ClientAddresses addresses;
    private final Viewers viewers;

    RegisterController(Logins logins, ClientAddresses addresses, Viewers viewers) {
        this.logins = logins;
        this.addresses = addresses;
        this.viewers = viewers;
    }

    @ModelAttribute
    void rules(Model model) {
        model.addAttribute("minLength", Passwords.MIN_LENGTH);
    }

    @GetMapping(PATH)
    String page(HttpServletRequest request) {
        return viewers.find(request).isPresent() ? "redirect:/dashboard" : TEMPLATE;
    }

    @PostMapping(PATH)
    String register(
            @RequestParam(name = "business_name", required = false) String businessName,
            @RequestParam(name = "email", required = false) String email,
            @RequestParam(name = "phone", required = false) String phone,
            @RequestParam(name = "password", required = false) String password,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        try {
            String owner = logins.register(
                    businessName,
                    email,
                    password,
                    phone,
                    DashboardSecurity.origin(request, addresses),
                    MerchantUsers.Account::email);
            model.addAttribute("registered", owner);
        } catch (ApiProblem problem) {
            // the form again with what was typed (never the password), the problem's fields above it
            response.setStatus(problem.status());
            model.addAttribute("problem", problem);
            model.addAttribute("businessName", businessName);
            model.addAttribute("email", email);
            model.addAttribute("phone", phone);
        }
        return TEMPLATE;
    }
}
