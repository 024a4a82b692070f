package ke.onpoint.pay.payment;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The idempotent consumer's memory in PostgreSQL, shared by every instance. {@code INSERT … ON CONFLICT DO NOTHING}
 * joins the route's transaction: a concurrent duplicate waits for the first to commit and is then seen as a
 * duplicate, and a rolled-back attempt leaves no mark, so its redelivery is processed.
 */
public class ProcessedMessages extends ServiceSupport implements IdempotentRepository {

    private final JdbcTemplate jdbc;
    private final String processor;

    public ProcessedMessages(JdbcTemplate jdbc, String processor) {
        this.jdbc = jdbc;
        this.processor = processor;
    }

    @Override
    public boolean add(String key) {
        return jdbc.update(
                        "INSERT INTO processed_messages (processor, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        processor,
                        key)
                == 1;
    }

    @Override
    public boolean contains(String key) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM processed_messages WHERE processor = ? AND message_id = ?)",
                Boolean.class,
                processor,
                key));
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM processed_messages WHERE processor = ? AND message_id = ?", processor, key)
                == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM processed_messages WHERE processor = ?", processor);
    }
}
