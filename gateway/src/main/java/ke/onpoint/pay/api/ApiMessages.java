package ke.onpoint.pay.api;

import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Reading a bounded request body and writing a JSON answer, the same way on every API route. */
@Component
public class ApiMessages {

    private final ApiJson json;
    private final IdempotencyKeys idempotencyKeys;
    private final long maxBodyBytes;

    public ApiMessages(
            ApiJson json, IdempotencyKeys idempotencyKeys, @Value("${onpoint.api.max-body-bytes}") long maxBodyBytes) {
        this.json = json;
        this.idempotencyKeys = idempotencyKeys;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The raw request body, refused with 413 when larger than the configured limit. */
    public String requestBody(Exchange exchange) {
        Long declared = exchange.getMessage().getHeader("Content-Length", Long.class);
        if (declared != null && declared > maxBodyBytes) {
            throw ApiProblem.tooLarge(maxBodyBytes);
        }
        String body = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(body); // a request stream reads once: keep what was read
        if (body != null && body.length() > maxBodyBytes) {
            throw ApiProblem.tooLarge(maxBodyBytes);
        }
        return body;
    }

    /** An upload's text (a CSV statement) under a limit of its own, refused with 413 when larger; kept as the body. */
    public String uploadText(Exchange exchange, long limit) {
        Long declared = exchange.getMessage().getHeader("Content-Length", Long.class);
        if (declared != null && declared > limit) {
            throw ApiProblem.tooLarge(limit);
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > limit) {
            throw ApiProblem.tooLarge(limit);
        }
        String text = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        exchange.getMessage().setBody(text);
        return text;
    }

    /** The raw request bytes (for signature checks), refused with 413 when larger than the limit; kept as the body. */
    public byte[] requestBytes(Exchange exchange) {
        Long declared = exchange.getMessage().getHeader("Content-Length", Long.class);
        if (declared != null && declared > maxBodyBytes) {
            throw ApiProblem.tooLarge(maxBodyBytes);
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(body);
        if (body != null && body.length > maxBodyBytes) {
            throw ApiProblem.tooLarge(maxBodyBytes);
        }
        return body;
    }

    /** Answers with a JSON body; request headers are dropped so none is echoed back to the client. */
    public void respond(Exchange exchange, int status, Object value) {
        String body = json.write(value);
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
        idempotencyKeys.settle(exchange, status, body);
    }
}
