package dev.gantry.notification;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.ServiceContract;

@GantryIntegrationTest
class NotificationServiceContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/v1/notifications";
    }

    @Override
    protected String serviceName() {
        return "notification-service";
    }
}
