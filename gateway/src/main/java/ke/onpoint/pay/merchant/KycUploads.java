package ke.onpoint.pay.merchant;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.stereotype.Component;

/**
 * A KYC upload as it arrives over HTTP (the API's route and the dashboard's form): {@code multipart/form-data} with a
 * {@code type} field and a {@code file} part, read no further than the size limit, then checked and stored by
 * {@link KycDocuments#upload}.
 */
@Component
public class KycUploads {

    private final KycDocuments kyc;

    public KycUploads(KycDocuments kyc) {
        this.kyc = kyc;
    }

    /**
     * A document larger than the limit. Also what a page answers when the container refused the upload before it
     * reached {@link #receive} (larger than the servlet's multipart limit, which is the same size).
     */
    public ApiProblem tooLarge() {
        return ApiProblem.invalidField("file", "must be at most " + kyc.maxBytes() + " bytes");
    }

    /** The upload in {@code request} (null: not an HTTP request, answered as the wrong media type). */
    public Map<String, Object> receive(MerchantPrincipal who, HttpServletRequest request) {
        String contentType = request == null ? null : request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiProblem(
                    415,
                    "unsupported-media-type",
                    "Unsupported Media Type",
                    "Upload the document as multipart/form-data with a 'type' field and a 'file' part",
                    null);
        }
        Part file;
        byte[] content = null;
        try {
            file = request.getPart("file");
            if (file != null && file.getSize() > kyc.maxBytes()) {
                throw tooLarge();
            }
            if (file != null) {
                try (InputStream in = file.getInputStream()) {
                    content = in.readNBytes((int) Math.min(kyc.maxBytes() + 1, Integer.MAX_VALUE - 8));
                }
            }
        } catch (IOException | ServletException | IllegalStateException e) {
            throw new ApiProblem(
                    400,
                    "malformed-request",
                    "The upload could not be read",
                    "The multipart body is malformed or larger than allowed",
                    null);
        }
        return kyc.upload(
                who, request.getParameter("type"), file == null ? null : file.getSubmittedFileName(), content);
    }
}
