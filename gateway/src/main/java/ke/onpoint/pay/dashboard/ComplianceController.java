package ke.onpoint.pay.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.merchant.KycDocuments;
import ke.onpoint.pay.merchant.KycUploads;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Compliance: the merchant's KYC status and what it unlocks, its documents with their review (the reviewer's reason
 * when rejected), and the upload (owners: the API's {@code kyc:manage}), checked and stored exactly as the API's.
 */
@Controller
class ComplianceController implements DashboardPage {

    static final String PATH = "/dashboard/compliance";
    static final String UPLOAD = PATH + "/documents";
    private static final String TEMPLATE = "dashboard/compliance";

    /** The document types the API takes, in its order, as a person reads them. */
    static final Map<String, String> DOCUMENT_TYPES = labels();

    private final Viewers viewers;
    private final KycDocuments kyc;
    private final KycUploads uploads;

    ComplianceController(Viewers viewers, KycDocuments kyc, KycUploads uploads) {
        this.viewers = viewers;
        this.kyc = kyc;
        this.uploads = uploads;
    }

    @Override
    public NavLink nav() {
        return new NavLink(70, PATH, "Compliance", Permissions.ACCOUNT_READ);
    }

    @GetMapping(PATH)
    String page(HttpServletRequest request, Model model) {
        MerchantPrincipal merchant = viewers.current(request).require(Permissions.ACCOUNT_READ);
        show(merchant, model);
        return TEMPLATE;
    }

    @PostMapping(UPLOAD)
    String upload(HttpServletRequest request, Model model, RedirectAttributes flash) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.KYC_MANAGE);
        Map<String, Object> document = uploads.receive(owner, request);
        show(owner, model);
        return FormAnswers.done(
                request,
                model,
                flash,
                label((String) document.get("type")) + " uploaded (" + document.get("file_name")
                        + "): it is now waiting for review",
                TEMPLATE,
                "kyc",
                PATH);
    }

    private void show(MerchantPrincipal merchant, Model model) {
        Map<String, Object> kycState = kyc.list(merchant.merchantId());
        model.addAttribute("kycStatus", kycState.get("kyc_status"));
        model.addAttribute("documents", kycState.get("data"));
        model.addAttribute("documentTypes", DOCUMENT_TYPES);
        model.addAttribute("maxMegabytes", String.format(java.util.Locale.ROOT, "%.0f", kyc.maxBytes() / 1048576.0));
    }

    static String label(String type) {
        return DOCUMENT_TYPES.getOrDefault(type, type);
    }

    private static Map<String, String> labels() {
        Map<String, String> known = Map.of(
                "certificate_of_incorporation", "Certificate of incorporation",
                "kra_pin_certificate", "KRA PIN certificate",
                "director_id", "Director's ID",
                "bank_letter", "Bank letter");
        Map<String, String> labels = new LinkedHashMap<>();
        for (String type : KycDocuments.TYPES) {
            labels.put(type, known.getOrDefault(type, Formats.INSTANCE.label(type)));
        }
        return java.util.Collections.unmodifiableMap(labels);
    }
}
