package ke.onpoint.pay.openapi;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.payment.PaymentQueries;

/**
 * OpenAPI 3.0 schemas of the records the API writes, read through the API's own {@link ObjectMapper}: property names,
 * enum values, unwrapped and ignored fields are Jackson's answer for the real response, not a second description.
 * A property of an answer is always written (null included) unless the record says {@code NON_NULL}; so answers'
 * properties are required and, unless primitive, nullable. A request record states what is required with
 * {@code @JsonProperty(required = true)} and its descriptions with {@code @JsonPropertyDescription}.
 */
final class JsonSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper;
    private final Map<String, ObjectNode> components = new LinkedHashMap<>();
    private final Set<String> building = new HashSet<>();
    private final Map<String, Class<?>> classes = new HashMap<>();

    JsonSchemas(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The named schemas built so far (for {@code components.schemas}). */
    Map<String, ObjectNode> components() {
        return components;
    }

    /** A {@code $ref} to the schema of an answer's type. */
    ObjectNode answer(Type type) {
        return schema(mapper.constructType(type), false);
    }

    /** A {@code $ref} to the schema of a request body's type (required fields as declared, nothing nullable). */
    ObjectNode request(Type type) {
        return schema(mapper.constructType(type), true);
    }

    private ObjectNode schema(JavaType type, boolean request) {
        Class<?> raw = type.getRawClass();
        if (type.isEnumType()) {
            ObjectNode schema = simple("string", null);
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(mapper.valueToTree(constant).asText());
            }
            return schema;
        }
        if (CharSequence.class.isAssignableFrom(raw) || raw == Character.class || raw == char.class) {
            return simple("string", null);
        }
        if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            return simple("string", "date-time");
        }
        if (raw == LocalDate.class) {
            return simple("string", "date");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return simple("boolean", null);
        }
        if (raw == long.class || raw == Long.class || raw == BigInteger.class) {
            return simple("integer", "int64");
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class) {
            return simple("integer", "int32");
        }
        if (raw == BigDecimal.class || raw == double.class || raw == Double.class || raw == float.class) {
            return simple("number", null);
        }
        if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
            return NODES.objectNode(); // any JSON value
        }
        if (type.isMapLikeType()) {
            ObjectNode schema = simple("object", null);
            schema.set("additionalProperties", schema(type.getContentType(), request));
            return schema;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            ObjectNode schema = simple("array", null);
            schema.set("items", schema(type.getContentType(), request));
            return schema;
        }
        return reference(type, request);
    }

    private ObjectNode reference(JavaType type, boolean request) {
        String name = name(type.getRawClass());
        Class<?> named = classes.putIfAbsent(name, type.getRawClass());
        if (named != null && named != type.getRawClass()) {
            throw new IllegalStateException(name + " names both " + named + " and " + type.getRawClass());
        }
        if (!components.containsKey(name) && building.add(name)) {
            ObjectNode schema = simple("object", null);
            ObjectNode properties = NODES.objectNode();
            List<String> required = new ArrayList<>();
            properties(type, request, properties, required);
            schema.set("properties", properties);
            if (!required.isEmpty()) {
                required.forEach(schema.putArray("required")::add);
            }
            components.put(name, schema);
            building.remove(name);
        }
        return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    private void properties(JavaType type, boolean request, ObjectNode properties, List<String> required) {
        BeanDescription bean = mapper.getSerializationConfig().introspect(type);
        JsonInclude classInclusion = type.getRawClass().getAnnotation(JsonInclude.class);
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = request ? property.getPrimaryMember() : property.getAccessor();
            if (accessor == null) {
                continue;
            }
            if (accessor.hasAnnotation(JsonUnwrapped.class)) {
                properties(property.getPrimaryType(), request, properties, required);
                continue;
            }
            JavaType propertyType = property.getPrimaryType();
            ObjectNode schema = accessor.hasAnnotation(JsonRawValue.class)
                    ? NODES.objectNode() // a JSON value stored as the merchant sent it
                    : schema(propertyType, request);
            if (property.getMetadata().getDescription() != null) {
                schema = describe(schema, property.getMetadata().getDescription());
            }
            if (request) {
                if (property.isRequired()) {
                    required.add(property.getName());
                }
            } else {
                boolean alwaysWritten = classInclusion == null || classInclusion.value() == JsonInclude.Include.ALWAYS;
                if (alwaysWritten || propertyType.isPrimitive()) {
                    required.add(property.getName());
                }
                if (!propertyType.isPrimitive() && alwaysWritten) {
                    schema = nullable(schema);
                }
            }
            properties.set(property.getName(), schema);
        }
    }

    /** A $ref takes no sibling keywords in OpenAPI 3.0: wrapped in allOf to carry them. */
    private static ObjectNode describe(ObjectNode schema, String description) {
        ObjectNode described = schema.has("$ref") ? wrap(schema) : schema;
        return described.put("description", description);
    }

    private static ObjectNode nullable(ObjectNode schema) {
        if (schema.isEmpty()) {
            return schema; // any value, null included
        }
        ObjectNode nullable = schema.has("$ref") ? wrap(schema) : schema;
        return nullable.put("nullable", true);
    }

    private static ObjectNode wrap(ObjectNode reference) {
        ObjectNode wrapped = NODES.objectNode();
        wrapped.putArray("allOf").add(reference);
        return wrapped;
    }

    private static ObjectNode simple(String type, String format) {
        ObjectNode schema = NODES.objectNode().put("type", type);
        return format == null ? schema : schema.put("format", format);
    }

    /**
     * A schema's name: its record's, a nested record's with its enclosing class's (PaymentView.Card → PaymentViewCard),
     * the document's own bodies by theirs (RequestBodies.Refund → RefundRequest), a few by what they are to a reader.
     */
    static String name(Class<?> type) {
        String named = NAMES.get(type);
        if (named != null) {
            return named;
        }
        Class<?> enclosing = type.getEnclosingClass();
        if (enclosing == null) {
            return type.getSimpleName();
        }
        if (enclosing == RequestBodies.class) {
            return type.getSimpleName() + "Request";
        }
        return enclosing == AnswerBodies.class ? type.getSimpleName() : name(enclosing) + type.getSimpleName();
    }

    private static final Map<Class<?>, String> NAMES = Map.of(
            ProblemResponses.ProblemBody.class, "Problem",
            PaymentQueries.Page.class, "PaymentPage",
            PaymentQueries.StatusAnswer.class, "PaymentStatusAnswer");
}
