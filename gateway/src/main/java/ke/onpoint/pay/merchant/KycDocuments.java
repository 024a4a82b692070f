package ke.onpoint.pay.merchant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.RowIdPaging;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.RandomIds;
import ke.onpoint.pay.security.Sha256;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * KYC documents: merchants upload them (PDF, PNG or JPEG by content, size-limited) into the storage directory under
 * a name of our choosing; admins approve or reject each with a reason. A merchant's KYC is approved once one
 * document of every required type is approved; that unlocks live keys. Every step is audited.
 */
@Service
public class KycDocuments {

    /** The review queue's largest page (and, without a limit, its only one, as before paging). */
    static final int MAX_QUEUE_PAGE = 500;

    public static final List<String> TYPES =
            List.of("certificate_of_incorporation", "kra_pin_certificate", "director_id", "bank_letter");

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final Path storage;
    private final long maxBytes;

    public KycDocuments(
            JdbcTemplate jdbc,
            AuditTrail audit,
            @Value("${onpoint.kyc.storage-dir}") Path storage,
            @Value("${onpoint.kyc.max-file-bytes}") long maxBytes) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.storage = storage.toAbsolutePath();
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Checks and stores an upload; the file is written before the row, and removed again if the row fails. */
    @Transactional
    public Map<String, Object> upload(MerchantPrincipal who, String type, String fileName, byte[] content) {
        if (type == null || !TYPES.contains(type)) {
            throw ApiProblem.invalidField("type", "must be one of " + TYPES);
        }
        if (content == null || content.length == 0) {
            throw ApiProblem.invalidField("file", "is required: the document as a multipart file part named 'file'");
        }
        if (content.length > maxBytes) {
            throw ApiProblem.invalidField("file", "must be at most " + maxBytes + " bytes");
        }
        String contentType = KycFileTypes.sniff(content)
                .orElseThrow(() -> ApiProblem.invalidField(
                        "file", "must be a PDF, PNG or JPEG document (judged by its content, not its name)"));
        String publicId = "kyc_" + RandomIds.base62(16);
        Path file = store(who.merchantPublicId(), publicId, content);
        try {
            jdbc.update(
                    """
                    INSERT INTO kyc_documents (public_id, merchant_id, document_type, file_name, content_type, size_bytes,
                                               sha256, uploaded_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    publicId,
                    who.merchantId(),
                    type,
                    displayName(fileName),
                    contentType,
                    content.length,
                    HexFormat.of().formatHex(Sha256.of(content)),
                    who.userId() == 0 ? null : who.userId());
            jdbc.update(
                    "UPDATE merchants SET kyc_status = 'pending', updated_at = now() WHERE id = ? "
                            + "AND kyc_status IN ('not_submitted', 'rejected')",
                    who.merchantId());
            audit.record(
                    who,
                    AuditTrail.Entry.of("kyc.uploaded", "kyc_document", publicId)
                            .change(
                                    null,
                                    Map.of("type", type, "content_type", contentType, "size_bytes", content.length)));
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        return get(who.merchantId(), publicId);
    }

    public Map<String, Object> list(long merchantId) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(
                "kyc_status",
                jdbc.queryForObject("SELECT kyc_status FROM merchants WHERE id = ?", String.class, merchantId));
        answer.put(
                "data",
                jdbc.query(VIEW + " WHERE d.merchant_id = ? ORDER BY d.id DESC", (rs, i) -> view(rs), merchantId));
        return answer;
    }

    /**
     * Admins: documents in a status (default pending), oldest first: the review queue; optionally one merchant's
     * (by public id), paged by cursor ({@code limit} up to 500, all of them by default).
     */
    public Map<String, Object> queue(String status, String merchant, String limitText, String cursor) {
        String wanted = status == null || status.isBlank() ? "pending" : status;
        if (!List.of("pending", "approved", "rejected").contains(wanted)) {
            throw ApiProblem.invalidField("status", "must be pending, approved or rejected");
        }
        int limit = RowIdPaging.limit(limitText, MAX_QUEUE_PAGE, MAX_QUEUE_PAGE);
        long after = RowIdPaging.after(cursor);
        String only = merchant == null || merchant.isBlank() ? null : merchant;
        List<Map<String, Object>> rows = jdbc.query(
                VIEW
                        + " WHERE d.status = ? AND (?::text IS NULL OR m.public_id = ?) AND d.id > ? ORDER BY d.id LIMIT ?",
                (rs, i) -> {
                    Map<String, Object> row = view(rs);
                    row.put("row_id", rs.getLong(12));
                    return row;
                },
                wanted,
                only,
                only,
                after,
                limit + 1);
        boolean more = rows.size() > limit;
        List<Map<String, Object>> page = more ? rows.subList(0, limit) : rows;
        Object next = more ? String.valueOf(page.get(page.size() - 1).get("row_id")) : null;
        page.forEach(row -> row.remove("row_id"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", page);
        answer.put("has_more", more);
        answer.put("next_cursor", next);
        return answer;
    }

    /** How many documents wait for review. */
    public long pending() {
        return jdbc.queryForObject("SELECT count(*) FROM kyc_documents WHERE status = 'pending'", Long.class);
    }

    /** Admins: one document of any merchant, as the queue shows it. */
    public Map<String, Object> document(String publicId) {
        return jdbc.query(VIEW + " WHERE d.public_id = ?", (rs, i) -> view(rs), publicId).stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No KYC document " + publicId));
    }

    /** A stored document's content, with what the browser needs to show it. */
    public record StoredFile(String publicId, String fileName, String contentType, byte[] content) {}

    /**
     * Admins: a document's content, checked against the digest taken at upload (a file changed on disk is not shown
     * as the merchant's). Reading an identity document is audited ({@code kyc.document_viewed}).
     */
    public StoredFile open(MerchantPrincipal admin, String publicId) {
        record Row(long merchantId, String merchant, String fileName, String contentType, String sha256) {}
        Row row = jdbc
                .query(
                        """
                        SELECT d.merchant_id, m.public_id, d.file_name, d.content_type, d.sha256
                        FROM kyc_documents d JOIN merchants m ON m.id = d.merchant_id WHERE d.public_id = ?""",
                        (rs, i) -> new Row(
                                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                        publicId)
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No KYC document " + publicId));
        byte[] content;
        try {
            content = Files.readAllBytes(storage.resolve(row.merchant()).resolve(publicId));
        } catch (IOException e) {
            throw new ApiProblem(
                    410,
                    "document-missing",
                    "Document missing",
                    "The stored file of " + publicId + " is missing",
                    null);
        }
        if (!HexFormat.of().formatHex(Sha256.of(content)).equals(row.sha256())) {
            throw ApiProblem.conflict(
                    "document-altered",
                    "Document altered",
                    "The stored file of " + publicId + " no longer matches the digest taken at upload",
                    null);
        }
        audit.record(admin, row.merchantId(), AuditTrail.Entry.of("kyc.document_viewed", "kyc_document", publicId));
        return new StoredFile(publicId, row.fileName(), row.contentType(), content);
    }

    /** {@code {"decision":"approved|rejected","reason"}}; a rejection needs a reason. */
    @Transactional
    public Map<String, Object> review(MerchantPrincipal admin, String publicId, JsonNode body) {
        String decision = body.path("decision").asText("");
        if (!decision.equals("approved") && !decision.equals("rejected")) {
            throw ApiProblem.invalidField("decision", "must be approved or rejected");
        }
        String reason =
                body.path("reason").isTextual() ? body.get("reason").asText().trim() : null;
        if (decision.equals("rejected") && (reason == null || reason.isEmpty())) {
            throw ApiProblem.invalidField("reason", "is required when rejecting: the merchant sees it");
        }
        if (reason != null && reason.length() > 500) {
            throw ApiProblem.invalidField("reason", "must be at most 500 characters");
        }
        List<long[]> found = jdbc.query(
                "SELECT id, merchant_id FROM kyc_documents WHERE public_id = ? FOR UPDATE",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
                publicId);
        if (found.isEmpty()) {
            throw ApiProblem.notFound("No KYC document " + publicId);
        }
        long merchantId = found.get(0)[1];
        String before = jdbc.queryForObject(
                "SELECT kyc_status FROM merchants WHERE id = ? FOR UPDATE", String.class, merchantId);
        jdbc.update(
                "UPDATE kyc_documents SET status = ?, reason = ?, reviewed_by = ?, reviewed_at = now() WHERE id = ?",
                decision,
                reason,
                admin.userId(),
                found.get(0)[0]);
        String after = merchantStatus(merchantId);
        jdbc.update("UPDATE merchants SET kyc_status = ?, updated_at = now() WHERE id = ?", after, merchantId);
        audit.record(
                admin,
                merchantId,
                AuditTrail.Entry.of("kyc.reviewed", "kyc_document", publicId)
                        .change(
                                Map.of("kyc_status", before),
                                Map.of(
                                        "decision",
                                        decision,
                                        "reason",
                                        reason == null ? "" : reason,
                                        "kyc_status",
                                        after)));
        return get(merchantId, publicId);
    }

    /** Approved when every required type has an approved document; rejected when the latest of some type is rejected. */
    private String merchantStatus(long merchantId) {
        Map<String, String> latest = new LinkedHashMap<>();
        jdbc.query(
                "SELECT document_type, status FROM kyc_documents WHERE merchant_id = ? ORDER BY id",
                rs -> {
                    String type = rs.getString(1);
                    String status = rs.getString(2);
                    if (!"approved".equals(latest.get(type)) || "approved".equals(status)) {
                        latest.put(type, status);
                    }
                },
                merchantId);
        if (TYPES.stream().allMatch(t -> "approved".equals(latest.get(t)))) {
            return "approved";
        }
        if (latest.containsValue("rejected")) {
            return "rejected";
        }
        return latest.isEmpty() ? "not_submitted" : "pending";
    }

    private Map<String, Object> get(long merchantId, String publicId) {
        return jdbc.query(
                        VIEW + " WHERE d.merchant_id = ? AND d.public_id = ?",
                        (rs, i) -> view(rs),
                        merchantId,
                        publicId)
                .get(0);
    }

    private static final String VIEW = """
            SELECT d.public_id, m.public_id, d.document_type, d.file_name, d.content_type, d.size_bytes, d.sha256, d.status,
                   d.reason, d.created_at, d.reviewed_at, d.id
            FROM kyc_documents d JOIN merchants m ON m.id = d.merchant_id""";

    private static Map<String, Object> view(ResultSet rs) throws SQLException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rs.getString(1));
        view.put("merchant", rs.getString(2));
        view.put("type", rs.getString(3));
        view.put("file_name", rs.getString(4));
        view.put("content_type", rs.getString(5));
        view.put("size_bytes", rs.getLong(6));
        view.put("sha256", rs.getString(7));
        view.put("status", rs.getString(8));
        view.put("reason", rs.getString(9));
        view.put("uploaded_at", rs.getTimestamp(10).toInstant());
        view.put(
                "reviewed_at",
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant());
        return view;
    }

    /** Written under a name we chose (never the uploader's), atomically, readable by the owner only. */
    private Path store(String merchantPublicId, String publicId, byte[] content) {
        try {
            Path directory = Files.createDirectories(storage.resolve(merchantPublicId));
            Path temporary = Files.createTempFile(directory, publicId, ".part");
            Files.write(temporary, content);
            ownerOnly(temporary);
            return Files.move(temporary, directory.resolve(publicId), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("KYC storage " + storage + " is not writable", e);
        }
    }

    /** rw------- where the file system has POSIX permissions: only the gateway's own user reads KYC documents. */
    private static void ownerOnly(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an orphan file is harmless: no row points at it
        }
    }

    /** The uploader's file name, for display only: path parts, control characters and lone surrogates removed, length bounded. */
    static String displayName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return "document";
        }
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1)
                .replaceAll("[\\p{Cntrl}\"\\p{Cs}]", "")
                .trim();
        if (base.isEmpty()) {
            return "document";
        }
        if (base.length() <= 200) {
            return base;
        }
        return Character.isHighSurrogate(base.charAt(199)) ? base.substring(0, 199) : base.substring(0, 200);
    }
}
