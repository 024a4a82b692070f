package ke.onpoint.pay.dashboard;

import java.util.List;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.merchant.Logins;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The sign-in form's check: exactly the JSON login's ({@link Logins#authenticate}: throttle, Argon2id, audit entry).
 * A refusal carries the problem's {@code detail}, which the sign-in page shows.
 */
class SignInProvider implements AuthenticationProvider {

    private final Logins logins;

    SignInProvider(Logins logins) {
        this.logins = logins;
    }

    /** A refused sign-in, with the problem the JSON login would have answered. */
    static final class Refused extends BadCredentialsException {
        private final transient ApiProblem problem;

        Refused(ApiProblem problem) {
            super(problem.status() == 422 ? "Enter your email and password" : problem.detail());
            this.problem = problem;
        }

        ApiProblem problem() {
            return problem;
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = authentication.getName();
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? null : credentials.toString();
        Logins.Origin origin = authentication.getDetails() instanceof Logins.Origin given
                ? given
                : new Logins.Origin("unknown", "dashboard");
        try {
            SignedIn user = logins.authenticate(
                    email, password, origin, account -> new SignedIn(account.publicId(), account.email()));
            return UsernamePasswordAuthenticationToken.authenticated(
                    user, null, List.of(new SimpleGrantedAuthority("ROLE_DASHBOARD")));
        } catch (ApiProblem problem) {
            throw new Refused(problem);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
