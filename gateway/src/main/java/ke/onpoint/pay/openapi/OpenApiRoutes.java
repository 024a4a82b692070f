package ke.onpoint.pay.openapi;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code GET /api/v1/openapi.json} and {@code .yaml}: the document, without credentials (not itself part of it). */
@Component
public class OpenApiRoutes extends RouteBuilder {

    private final OpenApiDocument document;

    public OpenApiRoutes(OpenApiDocument document) {
        this.document = document;
    }

    // spotless:off: a route keeps the indentation that shows its structure
    @Override
    public void configure() {
        rest().get("/openapi.json").id("rest-openapi-json").apiDocs(false)
                .produces("application/json").to("direct:openapi-json")
            .get("/openapi.yaml").id("rest-openapi-yaml").apiDocs(false)
                .produces("application/yaml").to("direct:openapi-yaml");

        from("direct:openapi-json").routeId("openapi-json")
                .process(e -> answer(e, "application/json", document.json(requestBase(e)))).id("openapi-json-answer");
        from("direct:openapi-yaml").routeId("openapi-yaml")
                .process(e -> answer(e, "application/yaml", document.yaml(requestBase(e)))).id("openapi-yaml-answer");
    }
    // spotless:on

    private static void answer(Exchange exchange, String contentType, String body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
    }

    /** scheme://host:port the request came to (what a browser reading /docs can call). */
    private static String requestBase(Exchange exchange) {
        String url = exchange.getMessage().getHeader(Exchange.HTTP_URL, String.class);
        if (url == null) {
            return "";
        }
        int path = url.indexOf('/', url.indexOf("//") + 2);
        return path < 0 ? url : url.substring(0, path);
    }
}
