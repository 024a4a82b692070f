package ke.onpoint.simulator.flutterwave;

import ke.onpoint.simulator.ProviderFaults;
import org.springframework.stereotype.Component;

/** Flutterwave's fault switch: when down, every Flutterwave API path answers Flutterwave's 503. */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveFaults extends ProviderFaults {

    @Override
    protected RuntimeException serviceUnavailable() {
        return FlutterwaveApiException.serviceUnavailable();
    }
}
