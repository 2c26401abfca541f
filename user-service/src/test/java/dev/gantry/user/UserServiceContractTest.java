package dev.gantry.user;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.ServiceContract;

@GantryIntegrationTest
class UserServiceContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/v1/me";
    }

    @Override
    protected String serviceName() {
        return "user-service";
    }
}
