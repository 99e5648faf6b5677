package dev.lalala.track.pipeline;

import dev.lalala.blob.BlobStore;
import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.track.TrackProperties;
import dev.lalala.track.track.TrackRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import dev.lalala.defaults.InstanceId;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** ffmpeg, the pipeline and its background worker (the blob store comes from dev.lalala:blob-store). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrackProperties.class)
class PipelineConfiguration {

    @Bean
    Ffmpeg ffmpeg(TrackProperties properties) {
        return Ffmpeg.extracted(properties.workDir().resolve("bin"), properties.ffmpegTimeout(),
                properties.ffmpegNice());
    }

    /** The quick look at an upload while the request waits: its own short timeout, no {@code nice}. */
    @Bean
    AudioProbe audioProbe(Ffmpeg ffmpeg) {
        return new AudioProbe(new Ffmpeg(ffmpeg.executable(), Duration.ofSeconds(15), 0));
    }

    @Bean
    AudioPipeline audioPipeline(Ffmpeg ffmpeg, TrackProperties properties) {
        return new AudioPipeline(ffmpeg, properties.maxDuration(), properties.loudnessTarget(),
                properties.stageDelay());
    }

    /** Off with {@code lalala.tracks.worker.enabled=false} (tests of other features that insert PROCESSING rows). */
    @Bean
    @ConditionalOnProperty(name = "lalala.tracks.worker.enabled", havingValue = "true", matchIfMissing = true)
    ProcessingWorker processingWorker(AudioPipeline pipeline, ProcessingJobs jobs, TrackRepository tracks,
            BlobStore blobs, Outbox outbox, PlatformTransactionManager transactionManager,
            TrackProperties properties, Clock clock, Environment environment, MeterRegistry meters) {
        return new ProcessingWorker(pipeline, jobs, tracks, blobs, outbox,
                new TransactionTemplate(transactionManager), properties, clock, InstanceId.of(environment), meters);
    }
}
