package ke.onpoint.pay.ops;

import java.util.List;

import ke.onpoint.pay.api.ProblemCorsProcessor;
import ke.onpoint.pay.security.SecurityProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Spring Security guards only the operator console (Hawtio, Jolokia and the Prometheus metrics) and only outside dev.
 * The merchant APIs authenticate API keys and dashboard logins inside their Camel routes (security/Callers); provider callbacks carry no
 * credentials by design and are checked by token and source address in their routes.
 */
@Configuration
@ConditionalOnWebApplication
public class OpsSecurity {

    // Path patterns on the whole request path: Jolokia runs in a servlet of its own, which MVC matchers would miss.
    private static final RequestMatcher CONSOLE = new OrRequestMatcher(
            // metrics name routes, merchants' traffic and pool sizes: the scraper logs in like the operator
            PathPatternRequestMatcher.withDefaults().matcher("/actuator/prometheus"),
            PathPatternRequestMatcher.withDefaults().matcher("/actuator/hawtio/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/actuator/hawtio"),
            PathPatternRequestMatcher.withDefaults().matcher("/actuator/jolokia/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/actuator/jolokia"));

    /** The console and metrics: HTTP Basic for the operator (and the metrics scraper) outside dev, open in dev. */
    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(HttpSecurity http, @Value("${onpoint.ops.console-auth}") boolean consoleAuth)
            throws Exception {
        http.securityMatcher(CONSOLE)
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
        if (consoleAuth) {
            http.authorizeHttpRequests(auth -> auth.anyRequest().hasRole("OPS")).httpBasic(Customizer.withDefaults());
        } else {
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        }
        return http.build();
    }

    /**
     * Everything else authenticates in its own route; Spring Security adds the security headers (nosniff, frame
     * denial, no caching, HSTS over HTTPS, no referrer; a deny-all content policy on the JSON API) and answers CORS
     * for the configured dashboard origins only. CSRF protection is off: the API takes bearer tokens, never cookies.
     */
    @Bean
    @Order(2)
    SecurityFilterChain gatewaySecurity(HttpSecurity http, SecurityProperties security) throws Exception {
        var api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilter(corsFilter(security.corsOrigins()))
                .headers(headers -> headers.referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                api,
                                new StaticHeadersWriter(
                                        "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"))))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }

    /** CORS with refusals answered as problem+json (the default processor answers the text "Invalid CORS request"). */
    static CorsFilter corsFilter(List<String> origins) {
        CorsFilter filter = new CorsFilter(corsOrigins(origins));
        filter.setCorsProcessor(new ProblemCorsProcessor());
        return filter;
    }

    /** Browser calls from the dashboard's origins, with the headers the API reads; none when no origin is configured. */
    static CorsConfigurationSource corsOrigins(List<String> origins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!origins.isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(origins);
            cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            cors.setAllowedHeaders(
                    List.of("Authorization", "Content-Type", "Idempotency-Key", "X-OnPoint-Mode", "X-Request-Id"));
            cors.setExposedHeaders(List.of("Retry-After", "Location"));
            cors.setAllowCredentials(false);
            cors.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", cors);
        }
        return source;
    }

    /**
     * Header checks without the default per-character regular expressions (a measurable share of every request):
     * names must be visible ASCII tokens, values free of control characters other than tab.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(OpsSecurity::isToken);
        firewall.setAllowedHeaderValues(OpsSecurity::hasNoControlCharacters);
        return firewall;
    }

    static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == ':') {
                return false;
            }
        }
        return !name.isEmpty();
    }

    static boolean hasNoControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The operator account; required (no default) wherever the console is protected. */
    @Bean
    UserDetailsService operators(
            @Value("${onpoint.ops.console-auth}") boolean consoleAuth,
            @Value("${onpoint.ops.user}") String user,
            @Value("${onpoint.ops.password}") String password) {
        if (!consoleAuth) {
            return new InMemoryUserDetailsManager();
        }
        if (!StringUtils.hasText(user) || !StringUtils.hasText(password)) {
            throw new IllegalStateException(
                    "OPS_USER and OPS_PASSWORD must be set when the operator console is protected");
        }
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(user)
                .password(encoder.encode(password))
                .roles("OPS")
                .build());
    }
}
