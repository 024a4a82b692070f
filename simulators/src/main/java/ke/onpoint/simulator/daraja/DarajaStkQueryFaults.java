package ke.onpoint.simulator.daraja;

import ke.onpoint.simulator.ProviderFaults;
import org.springframework.stereotype.Component;

/**
 * A fault of STK Query alone (pushes and callbacks keep working): a test makes the reconciliation's queries fail
 * while payments are otherwise normal. Set with {@code POST /__sim/stk-query/faults}, cleared by reset.
 */
@Component
@ConditionalOnDarajaSimulator
public class DarajaStkQueryFaults extends ProviderFaults {

    public DarajaStkQueryFaults() {
        super(Integer.MAX_VALUE);
    }

    @Override
    protected RuntimeException serviceUnavailable() {
        return DarajaErrors.serviceUnavailable();
    }
}
