package dev.gantry.user.mfa;

import java.time.Instant;

/** Test helper for tests outside this package: what an authenticator app would show. */
public final class TotpCodes {

    private TotpCodes() {
    }

    public static byte[] decode(String base32Secret) {
        return Base32.decode(base32Secret);
    }

    public static String current(byte[] secret, Instant at) {
        return Totp.code(secret, Totp.step(at));
    }
}
