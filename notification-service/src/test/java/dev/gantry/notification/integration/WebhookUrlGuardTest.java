package dev.gantry.notification.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class WebhookUrlGuardTest {

    final WebhookUrlGuard guard = new WebhookUrlGuard(false, WebhookUrlGuardTest::resolve);

    static InetAddress[] resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "oapi.dingtalk.com" -> new InetAddress[] {InetAddress.getByName("106.11.35.11")};
            case "rebinding.example" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"),
                    InetAddress.getByName("10.0.0.5")};
            case "metadata.example" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
            default -> InetAddress.getAllByName(host);
        };
    }

    @Test
    void acceptsHttpsToPublicAddresses() {
        assertThat(guard.refusal("https://oapi.dingtalk.com/robot/send?access_token=x")).isEmpty();
    }

    @Test
    void refusesPrivateLoopbackLinkLocalAndOtherReservedAddresses() {
        for (String url : new String[] {"https://127.0.0.1/x", "https://10.1.2.3/x", "https://192.168.1.1/x",
                "https://172.16.0.1/x", "https://[::1]/x", "https://[fd00::1]/x", "https://[fe80::1]/x",
                "https://0.0.0.0/x", "https://100.64.0.1/x", "https://[::ffff:127.0.0.1]/x",
                "https://metadata.example/latest", "https://rebinding.example/hook", "https://224.0.0.1/x"}) {
            assertThat(guard.refusal(url)).as(url).isPresent();
        }
    }

    @Test
    void refusesOtherSchemesUserInfoAndGarbage() {
        assertThat(guard.refusal("http://oapi.dingtalk.com/robot")).contains("must be an https URL");
        assertThat(guard.refusal("file:///etc/passwd")).isPresent();
        assertThat(guard.refusal("https://user:pw@oapi.dingtalk.com/robot")).contains("must not contain user info");
        assertThat(guard.refusal("not a url")).isPresent();
    }

    @Test
    void allowsPrivateAddressesAndHttpOnlyWhenConfigured() {
        WebhookUrlGuard local = new WebhookUrlGuard(true, WebhookUrlGuardTest::resolve);
        assertThat(local.refusal("http://127.0.0.1:8080/hook")).isEmpty();
    }
}
