package ke.onpoint.pay.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * API paths answer with and without a trailing slash (the seed's callback URLs end in "/", and Safaricom and
 * Paystack call exactly what was registered): the request is served as if the slash were absent, no redirect.
 */
@Configuration
public class TrailingSlashes {

    @Bean
    FilterRegistrationBean<UrlHandlerFilter> apiTrailingSlashes() {
        var registration = new FilterRegistrationBean<>(
                UrlHandlerFilter.trailingSlashHandler("/api/**").wrapRequest().build());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
