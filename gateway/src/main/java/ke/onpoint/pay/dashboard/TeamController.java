package ke.onpoint.pay.dashboard;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.merchant.MerchantUsers;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import ke.onpoint.pay.security.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Team: the merchant's users with their roles; owners invite users (the API's {@code users:manage}), change their
 * roles and remove them. An invitation's link and token are shown once, in the answer to the invitation, as the API
 * answers them; they are kept nowhere (not in the session).
 */
@Controller
class TeamController implements DashboardPage {

    static final String PATH = "/dashboard/team";
    private static final String TEMPLATE = "dashboard/team";

    private final Viewers viewers;
    private final MerchantUsers users;
    private final ApiJson json;

    TeamController(Viewers viewers, MerchantUsers users, ApiJson json) {
        this.viewers = viewers;
        this.users = users;
        this.json = json;
    }

    @Override
    public NavLink nav() {
        return new NavLink(80, PATH, "Team", Permissions.ACCOUNT_READ);
    }

    @GetMapping(PATH)
    String page(HttpServletRequest request, Model model) {
        MerchantPrincipal merchant = viewers.current(request).require(Permissions.ACCOUNT_READ);
        show(merchant, model);
        return TEMPLATE;
    }

    /**
     * The invitation's answer is the page itself (or its section, in place): the token is shown this once and never
     * stored for a redirect.
     */
    @PostMapping(PATH + "/invitations")
    String invite(
            @RequestParam(name = "email", required = false) String email,
            @RequestParam(name = "role", required = false) String role,
            HttpServletRequest request,
            Model model) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.USERS_MANAGE);
        ObjectNode body = json.mapper().createObjectNode();
        if (email != null) {
            body.put("email", email);
        }
        if (role != null) {
            body.put("role", role);
        }
        Map<String, Object> invited = users.invite(owner, body);
        model.addAttribute("invited", invited);
        model.addAttribute(
                "inviteLink",
                ServletUriComponentsBuilder.fromContextPath(request)
                        .path(AcceptInviteController.PATH)
                        .queryParam("token", invited.get("invite_token"))
                        .toUriString());
        model.addAttribute("notice", "Invitation created for " + invited.get("email") + " as " + invited.get("role"));
        model.addAttribute("noticeFor", "team");
        show(owner, model);
        if (DashboardAdvice.htmx(request)) {
            model.addAttribute("inPlace", true);
            return TEMPLATE + " :: team";
        }
        return TEMPLATE;
    }

    @PostMapping(PATH + "/{id}/role")
    String changeRole(
            @PathVariable("id") String id,
            @RequestParam(name = "role", required = false) String role,
            HttpServletRequest request,
            Model model,
            RedirectAttributes flash) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.USERS_MANAGE);
        ObjectNode body = json.mapper().createObjectNode();
        if (role != null) {
            body.put("role", role);
        }
        Map<String, Object> changed = users.changeRole(owner, id, body);
        show(owner, model);
        String notice = changed.get("email") + " is now " + changed.get("role");
        return FormAnswers.done(request, model, flash, notice, TEMPLATE, "team", PATH);
    }

    @PostMapping(PATH + "/{id}/remove")
    String remove(@PathVariable("id") String id, HttpServletRequest request, Model model, RedirectAttributes flash) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.USERS_MANAGE);
        String email = users.list(owner.merchantId()).stream()
                .filter(user -> id.equals(user.get("id")))
                .map(user -> (String) user.get("email"))
                .findFirst()
                .orElse(id);
        users.remove(owner, id);
        show(owner, model);
        return FormAnswers.done(request, model, flash, email + " was removed", TEMPLATE, "team", PATH);
    }

    private void show(MerchantPrincipal merchant, Model model) {
        model.addAttribute("users", users.list(merchant.merchantId()));
        model.addAttribute("roles", invitableRoles());
    }

    /** The roles an invitation or a role change may give, as the API lists them (never the gateway's staff's). */
    private static List<String> invitableRoles() {
        return Arrays.stream(Role.values())
                .filter(role -> role != Role.ADMIN)
                .map(Role::code)
                .toList();
    }
}
