package dev.staticflux.dashboard;

import org.junit.jupiter.api.Test;

import dev.staticflux.dashboard.DashboardView.StatusShare;
import dev.staticflux.stats.StatsSnapshot.CompressionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DashboardViewTests {

	@Test
	void formatsTheSnapshotForTheFirstPaint() {
		DashboardView view = DashboardView.of(Snapshots.withTotal(10_000));

		assertThat(view.totalRequests()).isEqualTo("10,000");
		assertThat(view.bytesSent()).isEqualTo("19.1MB");
		assertThat(view.throughput()).isEqualTo("5.2KB/s");
		assertThat(view.hitRatio()).isEqualTo("90.0%");
		assertThat(view.latencyP99()).isEqualTo("7.25");
		assertThat(view.uptime()).isEqualTo("1h 02m");
		assertThat(view.updatedAt()).isEqualTo("14:46:40 UTC");
		assertThat(view.abortedSlowClients()).isEqualTo("1,234");
	}

	@Test
	void showsTheCompressionSavingAsAShareAndInBytes() {
		DashboardView view = DashboardView.of(Snapshots.withTotal(10_000));

		assertThat(view.compressionSaving()).isEqualTo("77.4%");
		assertThat(view.compressionBytesSaved()).isEqualTo("204KB");
		assertThat(view.compressions()).isEqualTo("3 compressions");
	}

	@Test
	void saysNoneYetBeforeTheFirstCompression() {
		DashboardView view = DashboardView.of(Snapshots.withTotal(10, 0, CompressionSummary.NONE));

		assertThat(view.compressionSaving()).isEqualTo("none yet");
		assertThat(view.compressionBytesSaved()).isEqualTo("0B");
		assertThat(view.compressions()).isEqualTo("0 compressions");
		assertThat(view.abortedSlowClients()).isEqualTo("0");
	}

	@Test
	void showsNoNegativeSavingWhenACodingDidNotMakeTheFileSmaller() {
		DashboardView view = DashboardView.of(Snapshots.withTotal(10, 0, new CompressionSummary(1, 1_000, 1_020)));

		assertThat(view.compressionSaving()).isEqualTo("0.0%");
		assertThat(view.compressionBytesSaved()).isEqualTo("0B");
		assertThat(view.compressions()).isEqualTo("1 compression");
	}

	@Test
	void groupsStatusCodesByClassAndListsCodesMostFrequentFirst() {
		DashboardView view = DashboardView.of(Snapshots.withTotal(1_000));

		assertThat(view.statusClasses()).extracting(StatusShare::name, StatusShare::count, StatusShare::percent)
			.containsExactly(tuple("2xx", 900L, 90.0), tuple("3xx", 0L, 0.0), tuple("4xx", 100L, 10.0),
					tuple("5xx", 0L, 0.0));
		assertThat(view.statusCodes()).extracting(StatusShare::name).containsExactly("200", "404");
	}

	@Test
	void showsResponsesByProtocolWithHttp2AndHttp3EvenAtZero() {
		DashboardView view = DashboardView.of(Snapshots.withTotal(1_000));

		assertThat(view.protocols()).isEqualTo("HTTP/1.1 750 · HTTP/2 0 · HTTP/3 250");
	}

	@Test
	void showsZeroSharesBeforeTheFirstResponse() {
		DashboardView view = DashboardView.of(Snapshots.withTotal(0));

		assertThat(view.statusClasses()).allSatisfy(share -> assertThat(share.percent()).isZero());
		assertThat(view.statusCodes()).extracting(StatusShare::count).containsOnly(0L);
	}

}
