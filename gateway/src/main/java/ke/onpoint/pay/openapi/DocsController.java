package ke.onpoint.pay.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /docs}: the API reference rendered by Swagger UI from {@code /api/v1/openapi.json}, served from the jar
 * (org.webjars:swagger-ui, its version read from the webjar itself), open without login like the document.
 */
@RestController
public class DocsController {

    static final String OPENAPI = "/api/v1/openapi.json";

    /** Swagger UI sets styles inline; everything else comes from this gateway. */
    private static final String CONTENT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' "
            + "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
            + "object-src 'none'";

    private final String page;

    public DocsController() {
        String assets = "/webjars/swagger-ui/" + swaggerUiVersion();
        this.page = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>OnPoint Pay API reference</title>
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <link rel="stylesheet" href="%1$s/swagger-ui.css">
                  <link rel="icon" type="image/png" href="%1$s/favicon-32x32.png">
                </head>
                <body data-openapi="%2$s">
                  <noscript>The reference needs JavaScript; the document itself is at <a href="%2$s">%2$s</a>.</noscript>
                  <div id="swagger-ui"></div>
                  <script src="%1$s/swagger-ui-bundle.js"></script>
                  <script src="/docs/init.js"></script>
                </body>
                </html>
                """.formatted(assets, OPENAPI);
    }

    @GetMapping({"/docs", "/docs/"})
    public ResponseEntity<String> docs() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", CONTENT_POLICY)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .body(page);
    }

    private static String swaggerUiVersion() {
        try (InputStream in =
                DocsController.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
