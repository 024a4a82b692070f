package ke.onpoint.pay.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import ke.onpoint.pay.support.GatewayTest.Reply;

/**
 * The served document as a contract: a real answer (or a request body) must match the schema the document gives for
 * its operation, status and media type. OpenAPI 3.0's {@code nullable} becomes JSON Schema's {@code null} type, and the
 * document's components travel with each schema so its {@code $ref}s resolve.
 */
final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private final JsonNode document;
    private final JsonNode components;

    OpenApiContract(JsonNode document) {
        this.document = document;
        this.components = jsonSchema(document.path("components").deepCopy());
    }

    JsonNode operation(String method, String pathTemplate) {
        JsonNode operation = document.path("paths").path(pathTemplate).path(method.toLowerCase());
        assertThat(operation.isMissingNode())
                .as("the document has %s %s", method, pathTemplate)
                .isFalse();
        return operation;
    }

    /** The answer matches the document's schema for this operation, its status and its media type. */
    void assertAnswer(String method, String pathTemplate, Reply reply) {
        JsonNode responses = operation(method, pathTemplate).path("responses");
        JsonNode response = responses.path(Integer.toString(reply.status()));
        assertThat(response.isMissingNode())
                .as("%s %s documents status %d (answer: %s)", method, pathTemplate, reply.status(), reply.body())
                .isFalse();
        response = resolve(response);
        String mediaType = reply.contentType() == null
                ? ""
                : reply.contentType().split(";")[0].trim();
        JsonNode media = response.path("content").path(mediaType);
        assertThat(media.isMissingNode())
                .as("%s %s %d documents %s", method, pathTemplate, reply.status(), mediaType)
                .isFalse();
        assertValid(media.path("schema"), reply.json(), method + " " + pathTemplate + " " + reply.status());
    }

    /** A request body matches the operation's request schema. */
    void assertRequest(String method, String pathTemplate, JsonNode body) {
        JsonNode schema = operation(method, pathTemplate)
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        assertValid(schema, body, "request of " + method + " " + pathTemplate);
    }

    JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        return document.at(node.get("$ref").asText().substring(1));
    }

    /** The required fields of a request body's schema. */
    Set<String> requiredFields(String method, String pathTemplate) {
        JsonNode schema = resolve(operation(method, pathTemplate)
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema"));
        Set<String> required = new java.util.LinkedHashSet<>();
        schema.path("required").forEach(field -> required.add(field.asText()));
        return required;
    }

    private void assertValid(JsonNode openApiSchema, JsonNode value, String what) {
        assertThat(openApiSchema.isMissingNode()).as("%s has a schema", what).isFalse();
        assertThat(value).as("%s has a JSON body", what).isNotNull();
        ObjectNode schema = (ObjectNode) jsonSchema(openApiSchema.deepCopy());
        schema.set("components", components);
        JsonSchema validator = SCHEMAS.getSchema(schema);
        Set<ValidationMessage> errors = validator.validate(value);
        assertThat(errors.stream().map(ValidationMessage::getMessage).collect(Collectors.toList()))
                .as("%s matches the document: %s", what, value)
                .isEmpty();
    }

    /** OpenAPI 3.0 schema → JSON Schema: {@code nullable: true} becomes {@code anyOf [..., null]}. */
    static JsonNode jsonSchema(JsonNode node) {
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, jsonSchema(array.get(i)));
            }
            return array;
        }
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            field.setValue(jsonSchema(field.getValue()));
        }
        if (object.path("nullable").asBoolean(false)) {
            object.remove("nullable");
            ObjectNode either = JSON.createObjectNode();
            either.putArray("anyOf").add(object).addObject().put("type", "null");
            return either;
        }
        return object;
    }
}
