package ke.onpoint.pay.security;

import java.util.Map;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashes: Argon2id (16 MiB, 2 passes), stored with an {@code {argon2}} prefix so a stronger setting or
 * algorithm can take over later and old hashes are upgraded at the next successful login.
 */
@Component
public class Passwords {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;
    /**
     * Checked against when the account does not exist, so an unknown email costs as much time as a known one. A
     * constant hash with the current parameters (PasswordsTest checks they still are): hashing one at every start
     * cost a second of start time, Argon2 running in the interpreter.
     */
    static final String DECOY =
            "{argon2}$argon2id$v=19$m=16384,t=2,p=1$VZBeaHZgZ0MWZ9wMXXmX9A$fBq9MlDGz2+kOBJN6dx+wrO+r9Od6KhckU6o6bmyuvQ";

    private final PasswordEncoder encoder;

    public Passwords() {
        Map<String, PasswordEncoder> encoders =
                Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        this.encoder = new DelegatingPasswordEncoder("argon2", encoders);
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Whether the password matches the stored hash; a missing hash (invited user) never matches. */
    public boolean matches(String password, String storedHash) {
        if (storedHash == null) {
            encoder.matches(password, DECOY);
            return false;
        }
        return encoder.matches(password, storedHash);
    }

    public boolean needsUpgrade(String storedHash) {
        return encoder.upgradeEncoding(storedHash);
    }

    /** Why a new password is refused, or null when it is acceptable. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (password.chars().distinct().count() < 5) {
            return "is too simple";
        }
        return null;
    }
}
