package dev.gantry.user.signin;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The sign-in pages' filter chain, between the authorization server's endpoints and the API: a session, CSRF
 * protection and the form login backed by {@link DirectoryAuthenticationProvider}.
 */
@Configuration(proxyBeanMethods = false)
class SignInSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain signInChain(HttpSecurity http, SignIns signIns, Clock clock) throws Exception {
        http.securityMatcher("/login", "/login/**", "/logout")
                .authenticationProvider(new DirectoryAuthenticationProvider(signIns, clock))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(form -> form.loginPage("/login").failureHandler(failures(clock)))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login"));
        return http.build();
    }

    /** Where a failed password step goes: the second-factor page, or the form with a reason. */
    static AuthenticationFailureHandler failures(Clock clock) {
        return (request, response, exception) -> {
            String target = switch (exception) {
                case DirectoryAuthenticationProvider.SecondFactorRequired next -> {
                    LoginController.startSecondFactor(request, next.tenantId, next.userId, clock.instant());
                    yield "/login/mfa";
                }
                case LockedException locked -> "/login?error=locked";
                case DirectoryAuthenticationProvider.AmbiguousSignIn ambiguous -> "/login?error=ambiguous";
                case DirectoryAuthenticationProvider.SecondFactorSetupRequired setup -> "/login?error=mfa-setup";
                default -> "/login?error=credentials";
            };
            response.sendRedirect(target);
        };
    }
}
