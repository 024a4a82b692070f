package ke.onpoint.simulator.flutterwave;

import ke.onpoint.simulator.ReconOverrides;
import org.springframework.stereotype.Component;

/** The discrepancies planted in Flutterwave's transaction list, keyed by tx_ref (amounts in major units). */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveRecon {

    private final ReconOverrides overrides = new ReconOverrides();

    ReconOverrides overrides() {
        return overrides;
    }
}
