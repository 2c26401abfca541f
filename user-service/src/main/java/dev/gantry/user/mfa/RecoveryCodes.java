package dev.gantry.user.mfa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One-time recovery codes for a lost phone: 10 codes of 10 random base32 characters (50 bits each), shown once and
 * stored as SHA-256 hashes. A fast hash is enough here, unlike for passwords: the codes are random, not chosen.
 */
final class RecoveryCodes {

    static final int COUNT = 10;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private RecoveryCodes() {
    }

    static List<String> generate(SecureRandom random) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 10; c++) {
                if (c == 5) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** The stored form: hashed after normalising what people type (case, spaces, the dash). */
    static String hash(String code) {
        String normal = code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normal.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a typed value looks like a recovery code rather than a 6-digit TOTP code. */
    static boolean looksLikeRecoveryCode(String value) {
        return value != null && value.replace("-", "").replace(" ", "").length() == 10;
    }
}
