package dev.staticflux.config;

import java.time.Duration;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Hardens the file server's HTTP/1.x connections: clients that hold a connection without finishing a request
 * ({@link RequestHeaderTimeout}, {@code staticflux.timeouts.request-header}), request heads the decoder accepts
 * but HTTP does not ({@link RequestHeadCheck}), and pipelined requests that ask to close
 * ({@link PipelinedCloseHandler}). The handlers sit right after the HTTP/1.1 codec, in that order; a connection
 * whose pipeline has no codec at start (HTTP/2 chosen later by TLS ALPN) is left as it is. The
 * decoder's own limits (request line: 414, header block: 431) are Boot's
 * {@code server.netty.max-initial-line-length} and {@code server.max-http-request-header-size}.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionHardeningConfiguration {

	@Bean
	NettyServerCustomizer staticfluxConnectionHardening(StaticFluxProperties properties) {
		Duration headerTimeout = properties.timeouts().requestHeader();
		return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null) {
				RequestHeaderTimeout.install(pipeline, headerTimeout);
				pipeline.addAfter(RequestHeaderTimeout.REQUESTS_HANDLER, RequestHeadCheck.NAME, new RequestHeadCheck());
				pipeline.addAfter(RequestHeadCheck.NAME, PipelinedCloseHandler.NAME, new PipelinedCloseHandler());
			}
		});
	}

}
