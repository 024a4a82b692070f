package ke.onpoint.simulator.paystack;

import ke.onpoint.simulator.ProviderFaults;
import org.springframework.stereotype.Component;

/** Paystack's fault switch: when down, every Paystack API path answers Paystack's 503. */
@Component("paystackSimFaults")
@ConditionalOnPaystackSimulator
public class PaystackFaults extends ProviderFaults {

    @Override
    protected RuntimeException serviceUnavailable() {
        return PaystackApiException.serviceUnavailable();
    }
}
