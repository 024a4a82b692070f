package ke.onpoint.pay.ops;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * What each item of a split batch left in an exchange property, gathered into one list for a single statement after
 * the split ({@code .split(body(), BatchResults.collecting(PROPERTY))}). Items that left nothing are skipped. Camel's
 * flexible strategy does the same but asks the bean factory for every new list, which showed in the fan-out's profile.
 */
public final class BatchResults implements AggregationStrategy {

    private final String property;

    private BatchResults(String property) {
        this.property = property;
    }

    public static AggregationStrategy collecting(String property) {
        return new BatchResults(property);
    }

    @Override
    public Exchange aggregate(Exchange gathered, Exchange item) {
        if (gathered == null) {
            gathered = item.copy();
            gathered.getMessage().setBody(new ArrayList<>());
        }
        Object result = item.getProperty(property);
        if (result != null) {
            list(gathered).add(result);
        }
        return gathered;
    }

    /** The gathered list, or an empty one when the batch was empty (the split leaves its body as it was). */
    public static <T> List<T> of(Exchange exchange, Class<T> type) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Exchange exchange) {
        return (List<Object>) exchange.getMessage().getBody();
    }
}
