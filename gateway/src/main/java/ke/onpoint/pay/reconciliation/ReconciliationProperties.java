package ke.onpoint.pay.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onpoint.reconciliation.*}: when the daily run fires (a Quartz cron in East Africa Time, for the previous
 * day), and how large an uploaded statement may be.
 */
@ConfigurationProperties("onpoint.reconciliation")
public record ReconciliationProperties(String cron, long maxStatementBytes) {}
