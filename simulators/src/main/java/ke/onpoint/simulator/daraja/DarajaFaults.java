package ke.onpoint.simulator.daraja;

import ke.onpoint.simulator.ProviderFaults;
import org.springframework.stereotype.Component;

/** Daraja's fault switch: when down, every Daraja endpoint answers Safaricom's 503. */
@Component
@ConditionalOnDarajaSimulator
public class DarajaFaults extends ProviderFaults {

    // Daraja's control API has always read latency_ms as an int: a larger value stays a 400.
    public DarajaFaults() {
        super(Integer.MAX_VALUE);
    }

    @Override
    protected RuntimeException serviceUnavailable() {
        return DarajaErrors.serviceUnavailable();
    }
}
