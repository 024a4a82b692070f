package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;

/** Compliance: KYC documents uploaded by the owner, their review as the page shows it, refusals. */
class ComplianceBrowserIT extends AccountPagesBrowserTest {

    @Autowired
    ApplicationContext context;

    @Value("${onpoint.kyc.storage-dir}")
    Path storage;

    @Value("${onpoint.kyc.max-file-bytes}")
    long maxBytes;

    @Test
    void theOwnersUploadsArePendingThenTheReviewShowsARejectionsReasonAndTheApprovalUnlocksLiveKeys() {
        Session owner = register();
        Session admin = admin(context);
        signIn(owner.email());
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Dashboard"))
                .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Compliance"))
                .click();
        assertThat(page).hasURL(url("/dashboard/compliance"));
        assertThat(page.locator("#kyc-status")).containsText("Not submitted");
        assertThat(page.getByText("No documents uploaded yet.")).isVisible();
        assertAccessible();

        upload("Bank letter", "letter.pdf", PDF);
        assertThat(page.locator("#kyc .alert-ok")).containsText("Bank letter uploaded (letter.pdf)");
        assertThat(page.locator("#kyc-status")).containsText("Pending");
        String letter = jdbc.queryForObject(
                "SELECT public_id FROM kyc_documents WHERE merchant_id = ?", String.class, owner.merchantId());
        assertThat(page.locator("#doc-" + letter)).containsText("Pending");
        assertThat(page.locator("#doc-" + letter)).containsText("Not reviewed yet");
        // stored as the API stores it, audited as the API's upload is
        assertThat(storage.resolve(owner.merchant()).resolve(letter)).exists().hasBinaryContent(PDF);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'kyc.uploaded' AND actor = ?",
                        owner.merchantId(),
                        owner.email()))
                .isEqualTo(1);
        assertAccessible();

        // the reviewer rejects the letter (the console's own test does it on its page; here through the admin API)
        review(admin, letter, "{\"decision\":\"rejected\",\"reason\":\"The letter is not signed\"}");
        page.reload();
        assertThat(page.locator("#kyc-status")).containsText("Rejected");
        assertThat(page.locator("#doc-" + letter)).containsText("Rejected");
        assertThat(page.locator("#doc-" + letter)).containsText("The letter is not signed");
        screenshot("compliance-rejected");
        // a screenshot leaves empty style attributes on inputs, which htmx would copy onto the swapped-in form (and
        // the page's style-src 'self' refuse): a fresh page, as a person would have
        page.reload();

        for (String[] document : List.of(
                new String[] {"Certificate of incorporation", "certificate.pdf"},
                new String[] {"KRA PIN certificate", "pin.pdf"},
                new String[] {"Director's ID", "id.pdf"},
                new String[] {"Bank letter", "signed-letter.pdf"})) {
            upload(document[0], document[1], PDF);
            assertThat(page.locator("#kyc .alert-ok")).containsText(document[1]);
        }
        assertThat(page.locator("#kyc tbody tr")).hasCount(5);
        for (String id : jdbc.queryForList(
                "SELECT public_id FROM kyc_documents WHERE merchant_id = ? AND status = 'pending'",
                String.class,
                owner.merchantId())) {
            review(admin, id, "{\"decision\":\"approved\"}");
        }
        page.reload();
        assertThat(page.locator("#kyc-status")).containsText("Approved");
        assertThat(page.locator("#kyc-status")).containsText("live API keys can be created");
        assertThat(page.locator("#kyc tbody .status-approved")).hasCount(4);
        // what it unlocks: a live key, through the API
        Reply live = post(
                "/api/v1/merchants/me/api-keys",
                owner.access(),
                "{\"name\":\"live\",\"mode\":\"live\",\"scopes\":[\"payments:read\"]}",
                Map.of());
        assertThat(live.status()).as(live.body()).isEqualTo(201);
        assertAccessible();
        screenshot("compliance");
        assertFitsAPhone("compliance");
    }

    @Test
    void aFileThatIsNotADocumentIsRefusedWithTheProblemShownAndNothingIsStored() throws Exception {
        Session owner = register();
        signIn(owner.email());
        page.navigate(url("/dashboard/compliance"));

        upload("Bank letter", "letter.pdf", EXE);
        assertThat(page.locator("#alerts [role=alert]"))
                .containsText("must be a PDF, PNG or JPEG document (judged by its content, not its name)");
        assertThat(page.locator("#alerts")).containsText("file");
        assertThat(page.locator("#kyc-status")).containsText("Not submitted");
        assertThat(count("SELECT count(*) FROM kyc_documents WHERE merchant_id = ?", owner.merchantId()))
                .isZero();
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'kyc.uploaded'",
                        owner.merchantId()))
                .isZero();
        Path mine = storage.resolve(owner.merchant());
        if (Files.exists(mine)) {
            try (var files = Files.list(mine)) {
                assertThat(files.toList()).isEmpty();
            }
        }
        assertAccessible();

        // larger than allowed: refused by the container before any page code runs, shown as the upload's problem
        byte[] big = new byte[(int) maxBytes + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        upload("Bank letter", "big.pdf", big);
        assertThat(page.locator("#alerts [role=alert]")).containsText("file: must be at most " + maxBytes + " bytes");
        assertThat(count("SELECT count(*) FROM kyc_documents WHERE merchant_id = ?", owner.merchantId()))
                .isZero();

        // a good one afterwards clears the alert
        upload("Bank letter", "letter.pdf", PDF);
        assertThat(page.locator("#kyc .alert-ok")).isVisible();
        assertThat(page.locator("#alerts")).isEmpty();
        assertThat(count("SELECT count(*) FROM kyc_documents WHERE merchant_id = ?", owner.merchantId()))
                .isEqualTo(1);

        // a PNG named as one but holding a script: refused the same way, nothing more stored
        upload(
                "Director's ID",
                "id.png",
                "<script>alert(1)</script>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.locator("#alerts [role=alert]")).containsText("must be a PDF, PNG or JPEG document");
        assertThat(count("SELECT count(*) FROM kyc_documents WHERE merchant_id = ?", owner.merchantId()))
                .isEqualTo(1);
        screenshot("compliance-refused");
    }

    @Test
    void viewersAndDevelopersSeeTheDocumentsButNoUploadAndAForgedUploadIsRefused() {
        Session owner = register();
        for (String role : List.of("viewer", "developer")) {
            Session member = member(owner, role);
            BrowserContext theirs = newContext();
            try {
                page = newPage(theirs);
                signIn(member.email());
                page.navigate(url("/dashboard/compliance"));
                assertThat(page.locator("#kyc-status")).containsText("Not submitted");
                assertThat(page.locator("#kyc-upload")).hasCount(0);
                assertThat(page.getByText("Only the account's owners upload KYC documents"))
                        .isVisible();
                assertAccessible();

                assertRefusedForRole(
                        forgedMultipart(
                                "/dashboard/compliance/documents",
                                FormData.create()
                                        .set("type", "bank_letter")
                                        .set("file", new FilePayload("letter.pdf", "application/pdf", PDF))),
                        role);
                assertThat(count("SELECT count(*) FROM kyc_documents WHERE merchant_id = ?", owner.merchantId()))
                        .isZero();
            } finally {
                theirs.close();
            }
        }
    }

    private void upload(String type, String fileName, byte[] content) {
        page.getByLabel("Document type")
                .selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(type));
        page.getByLabel("Document file").setInputFiles(new FilePayload(fileName, "application/pdf", content));
        page.getByRole(AriaRole.BUTTON, named("Upload document")).click();
    }

    private void review(Session admin, String document, String decision) {
        Reply reviewed =
                post("/api/v1/admin/kyc-documents/" + document + "/review", admin.access(), decision, Map.of());
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
    }
}
