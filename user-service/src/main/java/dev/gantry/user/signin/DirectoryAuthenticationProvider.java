package dev.gantry.user.signin;

import java.time.Clock;
import java.util.UUID;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/** The login form's password step against the user directory. */
class DirectoryAuthenticationProvider implements AuthenticationProvider {

    /** The password was right and the user's second factor comes next. */
    static final class SecondFactorRequired extends AuthenticationException {
        final UUID tenantId;
        final UUID userId;

        SecondFactorRequired(UUID tenantId, UUID userId) {
            super("A second factor is required");
            this.tenantId = tenantId;
            this.userId = userId;
        }
    }

    /** The address and password open several organisations. */
    static final class AmbiguousSignIn extends AuthenticationException {
        AmbiguousSignIn() {
            super("The address and password match several organisations");
        }
    }

    /** The organisation requires a second factor the user has not set up. */
    static final class SecondFactorSetupRequired extends AuthenticationException {
        SecondFactorSetupRequired() {
            super("The organisation requires a second factor");
        }
    }

    private final SignIns signIns;
    private final Clock clock;

    DirectoryAuthenticationProvider(SignIns signIns, Clock clock) {
        this.signIns = signIns;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName() == null ? "" : authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        if (email.length() > 254 || password.length() > 200) {
            throw new BadCredentialsException("Wrong e-mail or password");
        }
        return switch (signIns.authenticate(email, password)) {
            case SignIns.SignedIn signedIn -> {
                signIns.succeeded(signedIn.tenantId(), signedIn.userId(), "password");
                yield SignIns.authentication(signedIn.tenantId(), signedIn.userId(), clock.instant(), false);
            }
            case SignIns.SecondFactorNeeded next -> throw new SecondFactorRequired(next.tenantId(), next.userId());
            case SignIns.Locked locked -> throw new LockedException("Locked until " + locked.until());
            case SignIns.Ambiguous ambiguous -> throw new AmbiguousSignIn();
            case SignIns.SecondFactorSetupNeeded setup -> throw new SecondFactorSetupRequired();
            case SignIns.Rejected rejected -> throw new BadCredentialsException("Wrong e-mail or password");
        };
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
