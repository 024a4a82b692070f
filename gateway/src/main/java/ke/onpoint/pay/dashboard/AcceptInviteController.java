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
 * Where an invitation link leads (no sign-in needed): the invited person chooses a password, through the API's own
 * acceptance ({@link Logins#acceptInvite}: same checks, same audit entry), then signs in.
 */
@Controller
class AcceptInviteController {

    static final String PATH = "/dashboard/accept-invite";
    private static final String TEMPLATE = "dashboard/accept-invite";

    private final Logins logins;
    private final ClientAddresses addresses;

    AcceptInviteController(Logins logins, ClientAddresses addresses) {
        this.logins = logins;
        this.addresses = addresses;
    }

    @ModelAttribute
    void rules(Model model) {
        model.addAttribute("minLength", Passwords.MIN_LENGTH);
    }

    @GetMapping(PATH)
    String page(@RequestParam(name = "token", required = false) String token, Model model) {
        model.addAttribute("token", token);
        return TEMPLATE;
    }

    @PostMapping(PATH)
    String accept(
            @RequestParam(name = "token", required = false) String token,
            @RequestParam(name = "password", required = false) String password,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        try {
            String email = logins.acceptInvite(
                    token, password, DashboardSecurity.origin(request, addresses), MerchantUsers.Account::email);
            model.addAttribute("accepted", email);
        } catch (ApiProblem problem) {
            // the form again, the problem's detail above it, the token kept
            response.setStatus(problem.status());
            model.addAttribute("problem", problem);
            model.addAttribute("token", token);
        }
        return TEMPLATE;
    }
}
