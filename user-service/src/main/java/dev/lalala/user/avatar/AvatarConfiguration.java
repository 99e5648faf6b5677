package dev.lalala.user.avatar;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AvatarProperties.class)
class AvatarConfiguration {

    @Bean
    AvatarImages avatarImages(AvatarProperties properties) {
        return new AvatarImages(properties);
    }
}
