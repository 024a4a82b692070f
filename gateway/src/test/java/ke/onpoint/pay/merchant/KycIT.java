package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;

/** KYC: uploads checked by content and size, stored under our names, reviewed by admins, unlocking live keys; audited. */
class KycIT extends GatewayTest {

    static final byte[] PDF = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

    @Autowired
    ApplicationContext context;

    @Value("${onpoint.kyc.storage-dir}")
    Path storage;

    @Value("${onpoint.kyc.max-file-bytes}")
    long maxBytes;

    @Test
    void approvedDocumentsUnlockLiveKeysAndEveryStepIsAudited() throws Exception {
        Session owner = register();
        Session admin = admin(context);
        assertThat(createKeyReply(owner, "live").json().path("type").asText()).endsWith("/kyc-required");

        List<String> ids = new java.util.ArrayList<>();
        ids.add(uploaded(
                upload(owner.access(), "certificate_of_incorporation", "cert.pdf", "application/pdf", PDF),
                "application/pdf"));
        ids.add(uploaded(upload(owner.access(), "kra_pin_certificate", "pin.png", "image/png", PNG), "image/png"));
        ids.add(uploaded(upload(owner.access(), "director_id", "id.jpg", "image/jpeg", JPEG), "image/jpeg"));
        ids.add(uploaded(
                upload(owner.access(), "bank_letter", "letter.pdf", "application/pdf", PDF), "application/pdf"));
        Reply mine = get("/api/v1/merchants/me/kyc-documents", owner.access());
        assertThat(mine.json().path("kyc_status").asText()).isEqualTo("pending");
        assertThat(mine.json().path("data")).hasSize(4);
        // stored under our own names, the content intact
        Path stored = storage.resolve(owner.merchant()).resolve(ids.get(1));
        assertThat(stored).exists();
        assertThat(readAll(stored)).isEqualTo(PNG);
        assertThat(java.nio.file.Files.getPosixFilePermissions(stored))
                .containsExactlyInAnyOrderElementsOf(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        Reply queue = get("/api/v1/admin/kyc-documents?status=pending", admin.access());
        assertThat(queue.json().path("data").findValuesAsText("id")).containsAll(ids);
        assertProblem(
                post(
                        "/api/v1/admin/kyc-documents/" + ids.get(0) + "/review",
                        admin.access(),
                        "{\"decision\":\"rejected\"}",
                        Map.of()),
                422,
                "reason");
        Reply rejected = post(
                "/api/v1/admin/kyc-documents/" + ids.get(3) + "/review",
                admin.access(),
                "{\"decision\":\"rejected\",\"reason\":\"The letter is not signed\"}",
                Map.of());
        assertThat(rejected.json().path("status").asText()).isEqualTo("rejected");
        assertThat(get("/api/v1/merchants/me/kyc-documents", owner.access())
                        .json()
                        .path("kyc_status")
                        .asText())
                .isEqualTo("rejected");

        String again = uploaded(
                upload(owner.access(), "bank_letter", "signed.pdf", "application/pdf", PDF), "application/pdf");
        for (String id : List.of(ids.get(0), ids.get(1), ids.get(2), again)) {
            Reply reviewed = post(
                    "/api/v1/admin/kyc-documents/" + id + "/review",
                    admin.access(),
                    "{\"decision\":\"approved\"}",
                    Map.of());
            assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
        }
        assertThat(get("/api/v1/merchants/me", owner.access())
                        .json()
                        .path("kyc_status")
                        .asText())
                .isEqualTo("approved");
        Reply live = createKeyReply(owner, "live");
        assertThat(live.status()).as(live.body()).isEqualTo(201);
        assertThat(live.json().path("key").asText()).startsWith("sk_live_");

        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'kyc.uploaded'",
                        owner.merchantId()))
                .isEqualTo(5);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'kyc.reviewed' AND actor = ?",
                        owner.merchantId(),
                        admin.email()))
                .isEqualTo(5);
    }

    @Test
    void theReviewQueueIsOneMerchantsWhenAskedOldestFirstAndPagedByCursor() {
        Session owner = register();
        Session admin = admin(context);
        List<String> ids = List.of(
                uploaded(upload(owner.access(), "bank_letter", "a.pdf", "application/pdf", PDF), "application/pdf"),
                uploaded(upload(owner.access(), "director_id", "b.png", "image/png", PNG), "image/png"),
                uploaded(
                        upload(owner.access(), "kra_pin_certificate", "c.pdf", "application/pdf", PDF),
                        "application/pdf"));
        String queue = "/api/v1/admin/kyc-documents?status=pending&merchant=" + owner.merchant();

        Reply first = get(queue + "&limit=2", admin.access());
        assertThat(first.json().path("data").findValuesAsText("id")).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.json().path("has_more").asBoolean()).isTrue();
        Reply second = get(
                queue + "&limit=2&cursor=" + first.json().path("next_cursor").asText(), admin.access());
        assertThat(second.json().path("data").findValuesAsText("id")).containsExactly(ids.get(2));
        assertThat(second.json().path("has_more").asBoolean()).isFalse();
        assertThat(second.json().path("next_cursor").isNull()).isTrue();
        // without a limit, the whole queue as before
        assertThat(get(queue, admin.access()).json().path("data").findValuesAsText("id"))
                .containsExactlyElementsOf(ids);

        assertProblem(get(queue + "&limit=501", admin.access()), 422, "limit");
        assertProblem(get(queue + "&cursor=abc", admin.access()), 422, "cursor");
        assertThat(get("/api/v1/admin/kyc-documents?merchant=mch_nobody", admin.access())
                        .json()
                        .path("data"))
                .isEmpty();
    }

    @Test
    void aRenamedExecutableAnOversizedFileAndAWrongTypeAreRefusedAndNothingIsKept() {
        Session owner = register();
        long before = count("SELECT count(*) FROM kyc_documents");
        Reply exe = upload(owner.access(), "bank_letter", "letter.pdf", "application/pdf", EXE);
        assertProblem(exe, 422, "file");
        assertProblem(upload(owner.access(), "bank_letter", "letter.pdf", "application/pdf", new byte[0]), 422, "file");
        byte[] big = new byte[(int) maxBytes + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        Reply oversized = upload(owner.access(), "bank_letter", "big.pdf", "application/pdf", big);
        assertThat(oversized.status()).as(oversized.body()).isIn(413, 422);
        assertThat(oversized.contentType()).startsWith("application/problem+json");
        assertProblem(upload(owner.access(), "passport_photo", "me.pdf", "application/pdf", PDF), 422, "type");
        assertProblem(
                post("/api/v1/merchants/me/kyc-documents", owner.access(), "{\"type\":\"bank_letter\"}", Map.of()),
                415,
                null);
        assertThat(count("SELECT count(*) FROM kyc_documents")).isEqualTo(before);
        assertThat(storage.resolve(owner.merchant()))
                .satisfiesAnyOf(
                        dir -> assertThat(dir).doesNotExist(),
                        dir -> assertThat(Files.list(dir)
                                        .filter(f -> !f.toString().endsWith(".part"))
                                        .count())
                                .isZero());
    }

    @Test
    void viewersAndDevelopersCannotUploadAndMerchantsCannotReview() {
        Session owner = register();
        Session viewer = member(owner, "viewer");
        assertProblem(upload(viewer.access(), "bank_letter", "l.pdf", "application/pdf", PDF), 403, null);
        String id = uploaded(upload(owner.access(), "bank_letter", "l.pdf", "application/pdf", PDF), "application/pdf");
        assertProblem(
                post(
                        "/api/v1/admin/kyc-documents/" + id + "/review",
                        owner.access(),
                        "{\"decision\":\"approved\"}",
                        Map.of()),
                403,
                null);
        assertThat(get("/api/v1/merchants/me/kyc-documents", viewer.access()).status())
                .isEqualTo(200);
    }

    private Reply createKeyReply(Session owner, String mode) {
        return post(
                "/api/v1/merchants/me/api-keys",
                owner.access(),
                "{\"name\":\"" + mode + "\",\"mode\":\"" + mode
                        + "\",\"scopes\":[\"payments:write\",\"payments:read\"]}",
                Map.of());
    }

    private static String uploaded(Reply reply, String contentType) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().path("content_type").asText()).isEqualTo(contentType);
        assertThat(reply.json().path("status").asText()).isEqualTo("pending");
        return reply.json().path("id").asText();
    }

    private Reply upload(String token, String type, String fileName, String declaredType, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary = "kyc" + System.nanoTime();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + type + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri("/api/v1/merchants/me/kyc-documents"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    private static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
