package dev.lalala.user.blob;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The blob store at {@code lalala.blobs.root}, the folder the fleet launcher shares between services. */
@Configuration(proxyBeanMethods = false)
class BlobConfiguration {

    @Bean
    BlobStore blobStore(@Value("${lalala.blobs.root:.lalala/data/blobs}") Path root) throws IOException {
        return new BlobStore(root);
    }
}
