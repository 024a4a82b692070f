package ke.onpoint.pay.openapi;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.openapi.ApiOperations.Access;
import ke.onpoint.pay.openapi.ApiOperations.Operation;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The API's OpenAPI 3.0 document: paths, verbs and descriptions from the REST DSL the routes are built from; who may
 * call, bodies, answers and parameters from {@link ApiOperations}; schemas from the records the code writes (through
 * the API's own JSON mapper, {@link JsonSchemas}); problems from {@link ProblemResponses.ProblemBody}. Built once, on the
 * first request (the routes exist by then); the server is the configured public URL, or the one the request came to.
 */
@Component
public class OpenApiDocument {

    static final String API_KEY = "apiKey";
    static final String DASHBOARD_TOKEN = "dashboardToken";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Pattern LOCAL_DEFAULT = Pattern.compile("https?://localhost:\\d+/?");

    private final CamelContext camel;
    private final ObjectMapper mapper;
    private final String publicBaseUrl;
    private final String contextPath;
    private final ApiOperations operations = new ApiOperations();
    private volatile ObjectNode built;

    public OpenApiDocument(
            CamelContext camel,
            ApiJson json,
            @Value("${onpoint.api.public-base-url:}") String publicBaseUrl,
            @Value("${camel.rest.context-path:/api/v1}") String contextPath) {
        this.camel = camel;
        this.mapper = json.mapper();
        this.publicBaseUrl = publicBaseUrl;
        this.contextPath = contextPath;
    }

    /** The document as JSON, its server the public URL (or, when none is configured, {@code requestBase}). */
    public String json(String requestBase) {
        try {
            return mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document(requestBase));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same document as YAML. */
    public String yaml(String requestBase) {
        try {
            return new YAMLMapper().writeValueAsString(document(requestBase));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode document(String requestBase) {
        ObjectNode document = built().deepCopy();
        String base = publicBaseUrl == null
                        || publicBaseUrl.isBlank()
                        || LOCAL_DEFAULT.matcher(publicBaseUrl).matches()
                ? requestBase
                : publicBaseUrl;
        ArrayNode servers = NODES.arrayNode();
        servers.addObject().put("url", stripSlash(base) + contextPath).put("description", "This gateway");
        document.set("servers", servers);
        return document;
    }

    /** The rest ids the REST DSL declares (with API docs on), for the test that every one is documented. */
    List<String> restIds() {
        List<String> ids = new ArrayList<>();
        for (RestDefinition rest : restDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                if (documented(rest, verb)) {
                    ids.add(verb.getId());
                }
            }
        }
        return ids;
    }

    ApiOperations operations() {
        return operations;
    }

    private ObjectNode built() {
        ObjectNode document = built;
        if (document == null) {
            synchronized (this) {
                if (built == null) {
                    built = build();
                }
                document = built;
            }
        }
        return document;
    }

    private List<RestDefinition> restDefinitions() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
    }

    private static boolean documented(RestDefinition rest, VerbDefinition verb) {
        return !"false".equals(rest.getApiDocs()) && !"false".equals(verb.getApiDocs());
    }

    private ObjectNode build() {
        JsonSchemas schemas = new JsonSchemas(mapper);
        ObjectNode document = NODES.objectNode().put("openapi", "3.0.3");
        document.set("info", info());
        ObjectNode paths = NODES.objectNode();
        Set<String> tags = new LinkedHashSet<>();
        for (RestDefinition rest : restDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                if (!documented(rest, verb)) {
                    continue;
                }
                String path = path(rest.getPath(), verb.getPath());
                Operation operation = operations.get(verb.getId());
                ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
                item.set(verb.asVerb(), operation(rest, verb, path, operation, schemas));
                tags.add(operation == null ? "Undocumented" : operation.tag());
            }
        }
        document.set("tags", tags(tags));
        document.set("paths", sorted(paths));
        ObjectNode components = document.putObject("components");
        ObjectNode problem = schemas.answer(ProblemResponses.ProblemBody.class);
        schemas.answer(FieldError.class);
        components.set("responses", problemResponses(problem));
        components.set("securitySchemes", securitySchemes());
        ObjectNode componentSchemas = components.putObject("schemas");
        schemas.components().forEach(componentSchemas::set);
        ObjectNode problemSchema =
                (ObjectNode) componentSchemas.get(JsonSchemas.name(ProblemResponses.ProblemBody.class));
        problemSchema.put("additionalProperties", true); // extension members: limit, reference, payment_status, …
        problemSchema.put(
                "description",
                "RFC 9457 problem. errors names each invalid field (snake_case, dotted for nested fields, "
                        + "[i] for list items); further members carry what the problem is about");
        return document;
    }

    private ObjectNode info() {
        ObjectNode info = NODES.objectNode()
                .put("title", "OnPoint Pay API")
                .put("version", "v1")
                .put(
                        "description",
                        "Take M-Pesa (STK Push, C2B) and card payments (Paystack, Flutterwave) in Kenya, refund "
                                + "them, and follow them by webhook.\n\n"
                                + "* **Secret API key** (`Authorization: Bearer sk_test_…` or `sk_live_…`): your "
                                + "backend's calls; each key has scopes (`payments:write`, `payments:read`, "
                                + "`refunds:write`, `webhooks:manage`).\n"
                                + "* **Dashboard access token** (`Authorization: Bearer <JWT>` from `/auth/login`, "
                                + "15 minutes; `/auth/refresh` renews it): account, keys, team, KYC. A dashboard "
                                + "works in test mode unless it sends `X-OnPoint-Mode: live`.\n"
                                + "* JSON in snake_case; amounts in major units with two decimals (`100.00`).\n"
                                + "* Errors are `application/problem+json` (RFC 9457) with an `errors` list naming "
                                + "each invalid field; bad input writes nothing.\n"
                                + "* Money-moving POSTs honour `Idempotency-Key`: a retry with the same key and "
                                + "body gets the first answer.\n"
                                + "* Lists are newest first, paged with `limit` and the previous page's "
                                + "`next_cursor` as `cursor`.\n"
                                + "* Operations tagged *Provider callbacks* are called by Safaricom, Paystack and "
                                + "Flutterwave, not by merchants.");
        info.putObject("license").put("name", "Proprietary");
        return info;
    }

    private ObjectNode operation(
            RestDefinition rest, VerbDefinition verb, String path, Operation operation, JsonSchemas schemas) {
        ObjectNode node = NODES.objectNode();
        String id = verb.getId().startsWith("rest-") ? verb.getId().substring(5) : verb.getId();
        node.putArray("tags").add(operation == null ? "Undocumented" : operation.tag());
        String description = verb.getDescriptionText() != null ? verb.getDescriptionText() : rest.getDescriptionText();
        String summary = ApiOperations.summary(verb.getId());
        node.put("summary", summary != null ? summary : summary(description, id));
        node.put("operationId", id);
        if (operation == null) {
            node.put("description", "Not described yet");
            node.putObject("responses").putObject("default").put("description", "Any answer");
            return node;
        }
        node.put("description", description(description, operation));
        ArrayNode parameters = parameters(path, operation, schemas);
        if (!parameters.isEmpty()) {
            node.set("parameters", parameters);
        }
        if (operation.hasBody()) {
            node.set("requestBody", requestBody(operation, schemas));
        }
        node.set("responses", responses(operation, schemas));
        node.set("security", security(operation.access()));
        return node;
    }

    private static String summary(String description, String id) {
        if (description == null || description.isBlank()) {
            return id;
        }
        int end = description.indexOf(':');
        String first = end > 0 && end < 80 ? description.substring(0, end) : description;
        return first.length() > 100 ? first.substring(0, 97) + "…" : first;
    }

    private static String description(String description, Operation operation) {
        String who = switch (operation.access()) {
            case API_KEY -> "Secret API key with scope `" + operation.scope() + "`.";
            case KEY_OR_TOKEN -> "Secret API key with scope `" + operation.scope() + "`, or a dashboard access token.";
            case TOKEN -> "Dashboard access token (the user's role decides what it may do).";
            case ADMIN -> "Dashboard access token of a gateway administrator.";
            case PUBLIC -> "No credentials.";
            case PROVIDER ->
                "Called by the provider; authenticated by the secret token in its path or by "
                        + "the provider's signature header, never by merchants.";
        };
        return (description == null ? "" : description + "\n\n") + "**Authentication:** " + who;
    }

    private ArrayNode parameters(String path, Operation operation, JsonSchemas schemas) {
        ArrayNode parameters = NODES.arrayNode();
        Matcher names = PATH_PARAMETER.matcher(path);
        while (names.find()) {
            String name = names.group(1);
            String description = operation.parameters().stream()
                    .filter(p -> p.in().equals("path") && p.name().equals(name))
                    .map(ApiOperations.Parameter::description)
                    .findFirst()
                    .orElse(name);
            ObjectNode parameter = parameters
                    .addObject()
                    .put("name", name)
                    .put("in", "path")
                    .put("required", true)
                    .put("description", description);
            parameter.putObject("schema").put("type", "string");
        }
        for (ApiOperations.Parameter declared : operation.parameters()) {
            if (declared.in().equals("path")) {
                continue;
            }
            ObjectNode parameter = parameters
                    .addObject()
                    .put("name", declared.name())
                    .put("in", declared.in())
                    .put("required", false)
                    .put("description", declared.description());
            parameter.set("schema", schemas.request(declared.type()));
        }
        if (operation.access() == Access.TOKEN || operation.access() == Access.KEY_OR_TOKEN) {
            ObjectNode mode = parameters
                    .addObject()
                    .put("name", "X-OnPoint-Mode")
                    .put("in", "header")
                    .put("required", false)
                    .put("description", "Dashboard callers: test (default) or live. An API key's mode is its own.");
            mode.putObject("schema")
                    .put("type", "string")
                    .putArray("enum")
                    .add("test")
                    .add("live");
        }
        return parameters;
    }

    private ObjectNode requestBody(Operation operation, JsonSchemas schemas) {
        ObjectNode body = NODES.objectNode().put("required", true);
        ObjectNode media = body.putObject("content").putObject(operation.contentType());
        if (operation.contentType().equals("multipart/form-data")) {
            ObjectNode schema = media.putObject("schema").put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("type").put("type", "string").put("description", "The document's kind");
            properties.putObject("file").put("type", "string").put("format", "binary");
            schema.putArray("required").add("type").add("file");
        } else if (operation.request() == String.class) {
            media.putObject("schema").put("type", "string");
        } else {
            media.set("schema", objectSchema(operation.request(), schemas, true));
        }
        if (operation.requestExample() != null) {
            media.set("example", parse(operation.requestExample()));
        }
        return body;
    }

    private ObjectNode responses(Operation operation, JsonSchemas schemas) {
        ObjectNode responses = NODES.objectNode();
        ObjectNode success = responses
                .putObject(Integer.toString(operation.status()))
                .put("description", successDescription(operation.status()));
        ObjectNode content = success.putObject("content");
        if (operation.answer() == String.class) {
            content.putObject("text/csv").putObject("schema").put("type", "string");
        } else {
            ObjectNode media = content.putObject("application/json");
            media.set("schema", objectSchema(operation.answer(), schemas, false));
            if (operation.answerExample() != null) {
                media.set("example", parse(operation.answerExample()));
            }
            if (operation.alsoCsv()) {
                content.putObject("text/csv").putObject("schema").put("type", "string");
            }
        }
        if (operation.id().equals("rest-payments-initiate")) {
            responses
                    .putObject("202")
                    .put(
                            "description",
                            "Still pending: the provider's answer was lost, so the callback or the status check "
                                    + "decides; do not retry with a new reference")
                    .putObject("content")
                    .putObject("application/json")
                    .set("schema", objectSchema(operation.answer(), schemas, false));
        }
        for (int code : problems(operation)) {
            responses.putObject(Integer.toString(code)).put("$ref", "#/components/responses/Problem" + code);
        }
        return responses;
    }

    private static String successDescription(int status) {
        return switch (status) {
            case 201 -> "Created";
            case 202 -> "Accepted";
            default -> "OK";
        };
    }

    /** The problems an operation can answer with, from how it admits callers, what it reads and what it declares. */
    static Set<Integer> problems(Operation operation) {
        Set<Integer> codes = new TreeSet<>(operation.problems());
        if (operation.hasBody()) {
            codes.add(400);
            codes.add(413);
            codes.add(422);
        }
        if (operation.parameters().stream().anyMatch(p -> p.in().equals("query"))) {
            codes.add(422);
        }
        if (operation.access() != Access.PUBLIC && operation.access() != Access.PROVIDER) {
            codes.add(401);
            codes.add(403);
        }
        if (operation.access() == Access.API_KEY || operation.access() == Access.KEY_OR_TOKEN) {
            codes.add(429);
        }
        codes.add(503);
        return codes;
    }

    private ObjectNode objectSchema(java.lang.reflect.Type type, JsonSchemas schemas, boolean request) {
        if (type == ApiOperations.OBJECT) {
            return NODES.objectNode().put("type", "object").put("additionalProperties", true);
        }
        return request ? schemas.request(type) : schemas.answer(type);
    }

    private static ArrayNode security(Access access) {
        ArrayNode security = NODES.arrayNode();
        switch (access) {
            case API_KEY -> security.addObject().putArray(API_KEY);
            case KEY_OR_TOKEN -> {
                security.addObject().putArray(API_KEY);
                security.addObject().putArray(DASHBOARD_TOKEN);
            }
            case TOKEN, ADMIN -> security.addObject().putArray(DASHBOARD_TOKEN);
            case PUBLIC, PROVIDER -> {
                // an empty list: no credentials
            }
        }
        return security;
    }

    private static ObjectNode securitySchemes() {
        ObjectNode schemes = NODES.objectNode();
        schemes.putObject(API_KEY)
                .put("type", "http")
                .put("scheme", "bearer")
                .put("bearerFormat", "sk_test_… / sk_live_…")
                .put(
                        "description",
                        "A secret API key created in the dashboard or with POST /merchants/me/api-keys; shown once. "
                                + "sk_test_ keys work in test mode, sk_live_ keys (after KYC approval) in live mode.");
        schemes.putObject(DASHBOARD_TOKEN)
                .put("type", "http")
                .put("scheme", "bearer")
                .put("bearerFormat", "JWT")
                .put("description", "The access token from POST /auth/login or /auth/register (15 minutes).");
        return schemes;
    }

    private static final Map<Integer, String[]> PROBLEMS = Map.ofEntries(
            Map.entry(400, new String[] {"malformed-request", "The request body is not valid JSON"}),
            Map.entry(401, new String[] {"unauthorized", "Authentication required"}),
            Map.entry(403, new String[] {"forbidden", "Not allowed"}),
            Map.entry(404, new String[] {"not-found", "Not found"}),
            Map.entry(409, new String[] {"conflict", "Conflict with the current state (a reference or key in use)"}),
            Map.entry(413, new String[] {"payload-too-large", "Request body too large"}),
            Map.entry(422, new String[] {"validation-error", "Your request is invalid"}),
            Map.entry(429, new String[] {"rate-limited", "Too many requests"}),
            Map.entry(502, new String[] {"provider-error", "The provider refused or failed"}),
            Map.entry(503, new String[] {"database-unavailable", "Service Unavailable"}));

    private static ObjectNode problemResponses(ObjectNode problemSchema) {
        ObjectNode responses = NODES.objectNode();
        for (int code : new TreeSet<>(PROBLEMS.keySet())) {
            String[] problem = PROBLEMS.get(code);
            ObjectNode response = responses.putObject("Problem" + code).put("description", problem[1]);
            if (code == 401) {
                response.putObject("headers")
                        .putObject("WWW-Authenticate")
                        .put("description", "Bearer realm=\"onpoint-pay\"")
                        .putObject("schema")
                        .put("type", "string");
            }
            if (code == 429 || code == 503) {
                response.putObject("headers")
                        .putObject("Retry-After")
                        .put("description", "Seconds to wait")
                        .putObject("schema")
                        .put("type", "integer");
            }
            ObjectNode media = response.putObject("content").putObject("application/problem+json");
            media.set("schema", problemSchema.deepCopy());
            ObjectNode example = media.putObject("example")
                    .put("type", "https://docs.onpoint.co.ke/problems/" + problem[0])
                    .put("title", problem[1])
                    .put("status", code);
            if (code == 422) {
                example.put("detail", "phone: must be a Kenyan mobile number such as 0712345678");
                example.putArray("errors")
                        .addObject()
                        .put("field", "phone")
                        .put("message", "must be a Kenyan mobile number such as 0712345678");
            }
        }
        return responses;
    }

    private static ArrayNode tags(Set<String> used) {
        ArrayNode tags = NODES.arrayNode();
        List<String> ordered = new ArrayList<>(ApiOperations.TAGS);
        used.stream().filter(tag -> !ordered.contains(tag)).forEach(ordered::add);
        ordered.retainAll(used);
        for (String tag : ordered) {
            ObjectNode node = tags.addObject().put("name", tag);
            if (tag.equals(ApiOperations.PROVIDER_CALLBACKS)) {
                node.put(
                        "description",
                        "Called by Safaricom Daraja, Paystack and Flutterwave at the URLs the gateway registers; "
                                + "listed for operators. Merchants never call these.");
            }
        }
        return tags;
    }

    private static ObjectNode sorted(ObjectNode paths) {
        ObjectNode sorted = NODES.objectNode();
        Set<String> names = new TreeSet<>();
        paths.fieldNames().forEachRemaining(names::add);
        names.forEach(name -> sorted.set(name, paths.get(name)));
        return sorted;
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an example in ApiOperations is not JSON: " + json, e);
        }
    }

    private static String path(String restPath, String verbPath) {
        String joined = (restPath == null ? "" : restPath) + (verbPath == null ? "" : "/" + verbPath);
        String path = joined.replaceAll("/+", "/");
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
