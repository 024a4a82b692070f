package ke.onpoint.pay.dashboard.console;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.dashboard.DashboardPage;
import ke.onpoint.pay.dashboard.NavLink;
import ke.onpoint.pay.merchant.KycDocuments;
import ke.onpoint.pay.merchant.MerchantDirectory;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The KYC review queue: documents waiting for review, oldest first; a document's page shows it (an image in place, a
 * PDF opened in the browser's viewer) and takes the decision, through {@link KycDocuments#review} as
 * {@code POST /admin/kyc-documents/{id}/review} does (a rejection needs a reason the merchant sees; the merchant's KYC
 * status follows; audited as {@code kyc.reviewed}).
 */
@Controller
class KycConsoleController implements DashboardPage {

    static final String PATH = "/dashboard/console/kyc";
    private static final int PAGE = 25;

    /**
     * The document alone, never anything else: no script, no frame around it (the browser's own PDF viewer and image
     * view are allowed their styles and the plugin).
     */
    private static final String DOCUMENT_POLICY =
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'none';"
                    + " base-uri 'none'; form-action 'none'";

    private final ConsoleAccess access;
    private final KycDocuments kyc;
    private final MerchantDirectory directory;

    KycConsoleController(ConsoleAccess access, KycDocuments kyc, MerchantDirectory directory) {
        this.access = access;
        this.kyc = kyc;
        this.directory = directory;
    }

    @Override
    public NavLink nav() {
        return new NavLink(110, PATH, "KYC review", NavLink.ADMIN_ONLY);
    }

    @GetMapping(PATH)
    String queue(
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "merchant", required = false) String merchant,
            @RequestParam(name = "cursor", required = false) String cursor,
            HttpServletRequest request,
            Model model) {
        access.admin(request);
        String wanted = status == null || status.isBlank() ? "pending" : status;
        String only = merchant == null || merchant.isBlank() ? null : merchant.trim();
        model.addAttribute("status", wanted);
        model.addAttribute("merchant", only == null ? "" : only);
        model.addAttribute(
                "page",
                kyc.queue(wanted, only, String.valueOf(PAGE), cursor == null || cursor.isBlank() ? null : cursor));
        model.addAttribute("firstPage", cursor != null && !cursor.isBlank());
        return "dashboard/console/kyc";
    }

    @GetMapping(PATH + "/{document}")
    String document(@PathVariable String document, HttpServletRequest request, Model model) {
        access.admin(request);
        return show(document, null, model);
    }

    /** The stored file, as the browser shows it: its sniffed type, inline, never cached, in a policy of its own. */
    @GetMapping(PATH + "/{document}/file")
    ResponseEntity<byte[]> file(@PathVariable String document, HttpServletRequest request) {
        MerchantPrincipal admin = access.admin(request);
        KycDocuments.StoredFile file = kyc.open(admin, document);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename(file.fileName(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .cacheControl(CacheControl.noStore().cachePrivate())
                .header(HttpHeaders.PRAGMA, "no-cache")
                .header("Content-Security-Policy", DOCUMENT_POLICY)
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .body(file.content());
    }

    @PostMapping(PATH + "/{document}/review")
    String review(
            @PathVariable String document,
            @RequestParam(name = "decision", required = false) String decision,
            @RequestParam(name = "reason", required = false) String reason,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        MerchantPrincipal admin = access.admin(request);
        try {
            ObjectNode body = FormBodies.object();
            body.put("decision", FormBodies.text("decision", decision));
            String given = FormBodies.text("reason", reason);
            if (given != null && !given.isEmpty()) {
                body.put("reason", given);
            }
            Map<String, Object> reviewed = kyc.review(admin, document, body);
            String merchantStatus =
                    (String) directory.get((String) reviewed.get("merchant")).get("kyc_status");
            redirect.addFlashAttribute(
                    "notice",
                    ("approved".equals(reviewed.get("status")) ? "Approved" : "Rejected") + " "
                            + reviewed.get("file_name") + ". The merchant's KYC status is now "
                            + merchantStatus.replace('_', ' ') + ".");
            return "redirect:" + PATH + "/" + document;
        } catch (ApiProblem problem) {
            ConsoleAccess.refused(problem, response, model);
            return show(document, reason, model);
        }
    }

    private String show(String document, String typedReason, Model model) {
        Map<String, Object> found = kyc.document(document);
        Map<String, Object> merchant = directory.get((String) found.get("merchant"));
        model.addAttribute("document", found);
        model.addAttribute("merchant", merchant);
        model.addAttribute("image", ((String) found.get("content_type")).startsWith("image/"));
        model.addAttribute("reason", typedReason == null ? "" : typedReason);
        // the next document waiting after this one, to review the queue in order
        Map<String, Object> queue = kyc.queue("pending", null, "1", null);
        model.addAttribute("next", firstOtherThan(queue, document));
        return "dashboard/console/kyc-document";
    }

    @SuppressWarnings("unchecked")
    private Object firstOtherThan(Map<String, Object> queue, String document) {
        var data = (java.util.List<Map<String, Object>>) queue.get("data");
        if (!data.isEmpty() && !document.equals(data.get(0).get("id"))) {
            return data.get(0).get("id");
        }
        if (!data.isEmpty() && Boolean.TRUE.equals(queue.get("has_more"))) {
            var after = (java.util.List<Map<String, Object>>)
                    kyc.queue("pending", null, "1", (String) queue.get("next_cursor"))
                            .get("data");
            return after.isEmpty() ? null : after.get(0).get("id");
        }
        return null;
    }
}
