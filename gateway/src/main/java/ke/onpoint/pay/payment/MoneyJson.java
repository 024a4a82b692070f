package ke.onpoint.pay.payment;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.module.SimpleModule;
import ke.onpoint.pay.api.ApiJsonModule;
import org.springframework.stereotype.Component;

/** Amounts in the API's JSON: every BigDecimal the gateway writes is one, written by {@link Money.JsonAmount}. */
@Component
public class MoneyJson implements ApiJsonModule {

    @Override
    public Module module() {
        return new SimpleModule("money").addSerializer(BigDecimal.class, new Money.JsonAmount());
    }
}
