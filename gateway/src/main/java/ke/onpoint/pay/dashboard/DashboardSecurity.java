package ke.onpoint.pay.dashboard;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.merchant.Logins;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.ClientAddresses;
import ke.onpoint.pay.security.RandomIds;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The dashboard's own filter chain, ahead of the API's (which stays stateless: bearer tokens and keys, no cookies, no
 * CSRF). Here a browser signs in with email and password through the JSON login's own check ({@link SignInProvider});
 * the session cookie is HttpOnly, SameSite=Lax, Secure outside dev and expires when idle (server.servlet.session,
 * from {@code onpoint.dashboard.*}); every form and htmx request carries the CSRF token; the pages get a strict
 * content policy (the scripts and styles are the gateway's own files).
 */
@Configuration
@ConditionalOnWebApplication
public class DashboardSecurity {

    static final String LOGIN = "/dashboard/login";

    private static final String CONTENT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
            + "object-src 'none'";

    static final RequestMatcher PATHS = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/"),
            PathPatternRequestMatcher.withDefaults().matcher("/dashboard"),
            PathPatternRequestMatcher.withDefaults().matcher("/dashboard/**"));

    @Bean
    @Order(0)
    SecurityFilterChain dashboardChain(
            HttpSecurity http, Logins logins, ClientAddresses addresses, AuditTrail audit, Viewers viewers)
            throws Exception {
        HttpSessionRequestCache requests = new HttpSessionRequestCache();
        // after signing in, back to the page asked for; never to a fragment htmx was polling
        requests.setMatchingRequestParameterName(null);
        requests.setRequestMatcher(request -> "GET".equals(request.getMethod()) && !DashboardAdvice.htmx(request));
        AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
        denied.setErrorPage("/dashboard/denied");
        return http.securityMatcher(PATHS)
                .authenticationManager(new ProviderManager(new SignInProvider(logins)))
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(
                                PathPatternRequestMatcher.withDefaults().matcher("/"),
                                PathPatternRequestMatcher.withDefaults().matcher(LOGIN),
                                PathPatternRequestMatcher.withDefaults().matcher("/dashboard/denied"),
                                // an invitation's link: the invited person has no password yet
                                PathPatternRequestMatcher.withDefaults().matcher(AcceptInviteController.PATH),
                                // a new merchant signs up before it has a password
                                PathPatternRequestMatcher.withDefaults().matcher(RegisterController.PATH),
                                PathPatternRequestMatcher.withDefaults().matcher("/dashboard/vendor/**"),
                                PathPatternRequestMatcher.withDefaults().matcher("/dashboard/assets/**"))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage(LOGIN)
                        .loginProcessingUrl(LOGIN)
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .authenticationDetailsSource(request -> origin(request, addresses))
                        .defaultSuccessUrl("/dashboard")
                        .failureHandler(refused()))
                .logout(logout -> logout.logoutUrl("/dashboard/logout")
                        .addLogoutHandler(audited(audit, addresses, viewers))
                        .logoutSuccessUrl(LOGIN + "?signed-out"))
                .csrf(csrf -> csrf.csrfTokenRepository(new NoSessionForRefusedForms()))
                .requestCache(cache -> cache.requestCache(requests))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(signInFirst()).accessDeniedHandler(denied))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_POLICY))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()))
                .build();
    }

    /**
     * The session's CSRF tokens, except that a form posted without a session (another site's, where the browser sent
     * no cookie) does not get one made for it: its answer would carry a new session cookie that replaces, and so
     * signs out, the user's own.
     */
    static final class NoSessionForRefusedForms implements CsrfTokenRepository {

        private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

        @Override
        public CsrfToken generateToken(HttpServletRequest request) {
            return sessions.generateToken(request);
        }

        @Override
        public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
            boolean safe = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            if (token != null && !safe && request.getSession(false) == null) {
                return;
            }
            sessions.saveToken(token, request, response);
        }

        @Override
        public CsrfToken loadToken(HttpServletRequest request) {
            return sessions.loadToken(request);
        }
    }

    static Logins.Origin origin(HttpServletRequest request, ClientAddresses addresses) {
        return new Logins.Origin(
                addresses.of(request),
                Callers.requestId(request.getHeader("X-Request-Id"), "dash_" + RandomIds.base62(16)));
    }

    /** Post/redirect/get: the sign-in page shows the problem's detail and keeps the email typed. */
    private static AuthenticationFailureHandler refused() {
        return (request, response, exception) -> {
            var session = request.getSession();
            session.setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, exception);
            String email = request.getParameter("email");
            session.setAttribute(SignInController.LAST_EMAIL, email == null || email.length() > 254 ? null : email);
            response.sendRedirect(LOGIN + "?error");
        };
    }

    /**
     * A page asks to sign in first (saying so when the session idled out); an htmx fragment (the session ended
     * meanwhile) sends the whole page there.
     */
    private static AuthenticationEntryPoint signInFirst() {
        LoginUrlAuthenticationEntryPoint page = new LoginUrlAuthenticationEntryPoint(LOGIN);
        LoginUrlAuthenticationEntryPoint expired = new LoginUrlAuthenticationEntryPoint(LOGIN + "?expired");
        return (request, response, exception) -> {
            boolean idledOut = request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
            if (DashboardAdvice.htmx(request)) {
                response.setHeader("HX-Redirect", idledOut ? LOGIN + "?expired" : LOGIN);
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            (idledOut ? expired : page).commence(request, response, exception);
        };
    }

    /** Signing out is audited like the API's logout. */
    private static LogoutHandler audited(AuditTrail audit, ClientAddresses addresses, Viewers viewers) {
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            if (authentication != null && authentication.getPrincipal() instanceof SignedIn user) {
                Logins.Origin origin = origin(request, addresses);
                Long merchantId;
                try {
                    merchantId = viewers.find(request)
                            .map(v -> v.principal().merchantId())
                            .filter(id -> id != 0)
                            .orElse(null);
                } catch (Viewers.SignedOut gone) {
                    merchantId = null;
                }
                audit.recordUser(
                        merchantId,
                        user.email(),
                        AuditTrail.Entry.of("auth.logout", "user", user.userPublicId()),
                        origin.ip(),
                        origin.requestId());
            }
        };
    }
}
