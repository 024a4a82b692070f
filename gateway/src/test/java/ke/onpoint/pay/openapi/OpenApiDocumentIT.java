package ke.onpoint.pay.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The served OpenAPI document is valid and complete: swagger-parser finds nothing to say about it. */
class OpenApiDocumentIT extends GatewayTest {

    @Autowired
    OpenApiDocument document;

    @Test
    void theServedDocumentParsesWithoutAnyMessage() throws java.io.IOException {
        Reply served = get("/api/v1/openapi.json", null);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/json");
        // for reading and for tools (a Postman import): gateway/target/openapi.json
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), served.body());

        SwaggerParseResult result = parse(served.body());

        assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.0.3");
        assertThat(api.getServers()).hasSize(1);
        assertThat(api.getServers().get(0).getUrl()).isEqualTo("http://localhost:" + port + "/api/v1");
        assertThat(api.getComponents().getSecuritySchemes()).containsOnlyKeys("apiKey", "dashboardToken");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getBearerFormat())
                .contains("sk_test_");
        Schema<?> problem = api.getComponents().getSchemas().get("Problem");
        assertThat(problem.getProperties()).containsKeys("type", "title", "status", "detail", "instance", "errors");
        Schema<?> fieldError = api.getComponents().getSchemas().get("FieldError");
        assertThat(fieldError.getProperties()).containsOnlyKeys("field", "message");

        Reply yaml = get("/api/v1/openapi.yaml", null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        SwaggerParseResult fromYaml = parse(yaml.body());
        assertThat(fromYaml.getMessages()).isEmpty();
        assertThat(fromYaml.getOpenAPI().getPaths().keySet())
                .isEqualTo(api.getPaths().keySet());
    }

    @Test
    void everyRestOperationIsDocumentedAndNothingElse() {
        List<String> restIds = document.restIds();
        assertThat(restIds).hasSizeGreaterThan(50);
        assertThat(document.operations().all().keySet())
                .as("ApiOperations has an entry for every rest id, and none for a rest id that is gone")
                .containsExactlyInAnyOrderElementsOf(restIds);
        assertThat(get("/api/v1/openapi.json", null).body()).doesNotContain("Undocumented");
    }

    @Test
    void everyOperationHasSchemasProblemsAndSecurity() {
        OpenAPI api = parse(get("/api/v1/openapi.json", null).body()).getOpenAPI();
        int operations = 0;
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                    path.getValue().readOperationsMap().entrySet()) {
                operations++;
                Operation operation = entry.getValue();
                String name = entry.getKey() + " " + path.getKey();
                if (operation.getRequestBody() != null) {
                    assertThat(operation.getRequestBody().getContent().values())
                            .as("%s: request schema", name)
                            .allMatch(media -> media.getSchema() != null);
                }
                ApiResponse success = operation.getResponses().entrySet().stream()
                        .filter(response -> response.getKey().startsWith("2"))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(name + " has no 2xx answer"));
                assertThat(success.getContent().values())
                        .as("%s: answer schema", name)
                        .isNotEmpty()
                        .allMatch(media -> media.getSchema() != null);
                List<ApiResponse> problems = operation.getResponses().entrySet().stream()
                        .filter(response -> response.getKey().matches("[45]\\d\\d"))
                        .map(response -> resolve(api, response.getValue()))
                        .toList();
                assertThat(problems).as("%s: problems", name).isNotEmpty();
                for (ApiResponse problem : problems) {
                    MediaType media = problem.getContent().get("application/problem+json");
                    assertThat(media).as("%s: problem+json", name).isNotNull();
                    assertThat(media.getSchema().get$ref()).endsWith("/Problem");
                }
                boolean callback = operation.getTags().contains("Provider callbacks");
                boolean login = path.getKey().startsWith("/auth/");
                if (callback || login) {
                    assertThat(operation.getSecurity())
                            .as("%s: no credentials", name)
                            .isEmpty();
                } else {
                    assertThat(operation.getSecurity()).as("%s: security", name).isNotEmpty();
                    assertThat(operation.getResponses()).as("%s: 401", name).containsKey("401");
                }
                if (path.getKey().startsWith("/admin/")) {
                    assertThat(operation.getTags()).containsExactly("Administration");
                }
            }
        }
        assertThat(operations).isGreaterThan(50);
        List<String> summaries = api.getPaths().values().stream()
                .flatMap(item -> item.readOperations().stream())
                .map(Operation::getSummary)
                .toList();
        assertThat(summaries).as("every operation has a summary of its own").doesNotHaveDuplicates();
        Operation initiate = api.getPaths().get("/payments/initiate").getPost();
        assertThat(initiate.getSecurity()).hasSize(1);
        assertThat(initiate.getSecurity().get(0)).containsOnlyKeys("apiKey");
        assertThat(initiate.getParameters())
                .extracting(p -> p.getIn() + ":" + p.getName())
                .contains("header:Idempotency-Key");
        assertThat(api.getPaths().get("/payments/transactions").getGet().getParameters())
                .extracting(p -> p.getIn() + ":" + p.getName())
                .contains("query:limit", "query:cursor", "query:status", "query:date_from", "header:X-OnPoint-Mode");
        Schema<?> initiateBody =
                initiate.getRequestBody().getContent().get("application/json").getSchema();
        Schema<?> resolved =
                api.getComponents().getSchemas().get(initiateBody.get$ref().replaceAll(".*/", ""));
        assertThat(resolved.getRequired()).containsExactlyInAnyOrder("amount", "payment_method", "reference");
        assertThat(initiate.getRequestBody()
                        .getContent()
                        .get("application/json")
                        .getExample())
                .as("the README's example")
                .isNotNull();
    }

    private static ApiResponse resolve(OpenAPI api, ApiResponse response) {
        if (response.get$ref() == null) {
            return response;
        }
        return api.getComponents().getResponses().get(response.get$ref().replaceAll(".*/", ""));
    }

    static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }
}
