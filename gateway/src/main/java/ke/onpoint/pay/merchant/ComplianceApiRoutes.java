package ke.onpoint.pay.merchant;

import java.util.Map;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * KYC and limits: merchants upload KYC documents and read their status and limits; the gateway's admins review
 * documents and set limits. Uploads are {@code multipart/form-data} with a {@code type} field and a {@code file} part.
 */
@Component
public class ComplianceApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final KycDocuments kyc;
    private final KycUploads uploads;
    private final MerchantLimits limits;

    public ComplianceApiRoutes(
            ApiMessages messages,
            ApiJson json,
            Callers callers,
            KycDocuments kyc,
            KycUploads uploads,
            MerchantLimits limits) {
        super(messages, json);
        this.callers = callers;
        this.kyc = kyc;
        this.uploads = uploads;
        this.limits = limits;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/merchants/me").description("KYC documents and limits (dashboard login)")
                .get("/kyc-documents").id("rest-kyc-documents-list").to("direct:kyc-documents-list")
                .post("/kyc-documents").id("rest-kyc-documents-upload").consumes("multipart/form-data")
                    .to("direct:kyc-documents-upload")
                .get("/limits").id("rest-merchant-limits").to("direct:merchant-limits");
        rest("/admin").description("The gateway's staff: KYC review and merchant limits")
                .get("/kyc-documents").id("rest-admin-kyc-queue").to("direct:admin-kyc-queue")
                .post("/kyc-documents/{id}/review").id("rest-admin-kyc-review").consumes("application/json")
                    .to("direct:admin-kyc-review")
                .get("/merchants/{merchant}/limits").id("rest-admin-limits-get").to("direct:admin-limits-get")
                .put("/merchants/{merchant}/limits").id("rest-admin-limits-set").consumes("application/json")
                    .to("direct:admin-limits-set");

        Admission admin = e -> callers.user(e, Permissions.ADMIN);
        operation("kyc-documents-list", e -> callers.user(e, Permissions.ACCOUNT_READ), 200,
                e -> kyc.list(principal(e).merchantId()));
        operation("kyc-documents-upload", e -> callers.user(e, Permissions.KYC_MANAGE), 201, this::upload);
        operation("merchant-limits", e -> callers.user(e, Permissions.ACCOUNT_READ), 200,
                e -> limits.view(principal(e).merchantId()));
        operation("admin-kyc-queue", admin, 200,
                e -> kyc.queue(header(e, "status"), header(e, "merchant"), header(e, "limit"), header(e, "cursor")));
        operation("admin-kyc-review", admin, 200, e -> kyc.review(principal(e), header(e, "id"), body(e)));
        operation("admin-limits-get", admin, 200, e -> limits.view(limits.merchantId(header(e, "merchant"))));
        operation("admin-limits-set", admin, 200, e -> limits.set(principal(e), header(e, "merchant"), body(e)));
    }
    // spotless:on

    private Map<String, Object> upload(Exchange exchange) {
        return uploads.receive(
                principal(exchange), exchange.getIn() instanceof PlatformHttpMessage http ? http.getRequest() : null);
    }
}
