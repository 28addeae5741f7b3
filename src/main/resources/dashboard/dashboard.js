/*
 * staticflux dashboard: listens to the server-sent "stats" events, updates the cards and draws
 * the last five minutes on canvas. No library, nothing fetched from elsewhere.
 * Number formats mirror dev.staticflux.dashboard.DisplayFormat, so a value looks the same
 * whether the server rendered it or this script did.
 */
(() => {
	"use strict";

	const body = document.body;
	const intervalMs = Number(body.dataset.intervalMs) || 1000;
	const windowMs = (Number(body.dataset.windowSeconds) || 300) * 1000;
	const maxPoints = Math.ceil(windowMs / intervalMs) + 1;

	/* ---- formats (see DisplayFormat.java) ---- */
	const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB"];
	const fixed = (value, decimals) => value.toLocaleString("en-US",
		{ minimumFractionDigits: decimals, maximumFractionDigits: decimals });
	const format = {
		count: (value) => Math.round(value).toLocaleString("en-US"),
		decimal: (value) => fixed(value, value >= 100 ? 0 : 1),
		// Binary units without a space, as the configuration and the log write them (Units.bytes).
		bytes: (value) => {
			let unit = 0;
			while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
				value /= 1024;
				unit++;
			}
			return value.toFixed(unit === 0 || value >= 100 ? 0 : 1) + BYTE_UNITS[unit];
		},
		// Milliseconds to three significant digits, so microseconds show below 1 ms (Units.millis).
		latency: (ms) => (ms === 0 ? "0" : ms.toFixed(ms < 1 ? 3 : ms < 10 ? 2 : ms < 100 ? 1 : 0)),
		percent: (ratio) => (ratio * 100).toFixed(1) + "%",
		span: (seconds) => (seconds >= 60 ? `${Math.round(seconds / 6) / 10} min` : `${Math.round(seconds)} s`),
		duration: (seconds) => {
			const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600);
			const m = Math.floor(seconds % 3600 / 60), s = Math.floor(seconds % 60);
			const two = (n) => String(n).padStart(2, "0");
			if (d > 0) return `${d}d ${two(h)}h`;
			if (h > 0) return `${h}h ${two(m)}m`;
			if (m > 0) return `${m}m ${two(s)}s`;
			return `${s}s`;
		},
	};

	/* ---- cards ---- */
	const fields = new Map([...document.querySelectorAll("[data-field]")].map((el) => [el.dataset.field, el]));
	const setText = (name, text) => {
		const el = fields.get(name);
		if (el && el.textContent !== text) el.textContent = text;
	};

	/* Responses by protocol (see DashboardView.protocols): HTTP/1.1, HTTP/2 and HTTP/3 always, the rest when seen. */
	function protocols(counts) {
		return Object.entries(counts || {})
			.filter(([name, n]) => n > 0 || ["HTTP/1.1", "HTTP/2.0", "HTTP/3.0"].includes(name))
			.map(([name, n]) => `${name.replace(/\.0$/, "")} ${format.count(n)}`)
			.join(" · ");
	}

	/* Compression's saving (see DashboardView.compressionSaving): never below zero, "none yet" before the first. */
	function renderCompression({ compressed, bytesIn, bytesOut }) {
		const saved = Math.max(0, bytesIn - bytesOut);
		setText("compressionSaving", bytesIn === 0 ? "none yet" : format.percent(saved / bytesIn));
		setText("compressionBytesSaved", format.bytes(saved));
		setText("compressions", format.count(compressed) + (compressed === 1 ? " compression" : " compressions"));
	}

	function renderStatusMix(statusCounts) {
		const entries = Object.entries(statusCounts || {});
		const total = entries.reduce((sum, [, n]) => sum + n, 0);
		const classes = new Map(["2xx", "3xx", "4xx", "5xx"].map((c) => [c, 0]));
		for (const [code, n] of entries) {
			const name = code.charAt(0) + "xx";
			classes.set(name, (classes.get(name) || 0) + n);
		}
		if (classes.get("1xx") === undefined) classes.delete("1xx");
		const ordered = [...classes.entries()].sort(([a], [b]) => a.localeCompare(b));
		const share = (n) => (total === 0 ? 0 : (100 * n) / total);

		const bar = fields.get("statusBar");
		bar.replaceChildren(...ordered.map(([name, n]) => {
			const span = document.createElement("span");
			span.className = "c" + name;
			span.style.width = share(n) + "%";
			span.title = `${name} ${format.percent(share(n) / 100)}`;
			return span;
		}));
		fields.get("statusClasses").replaceChildren(...ordered.map(([name, n]) => {
			const li = document.createElement("li");
			li.className = "c" + name;
			li.append(document.createElement("i"));
			const b = document.createElement("b");
			b.textContent = name;
			const em = document.createElement("em");
			em.textContent = format.percent(share(n) / 100);
			li.append(b, " " + format.count(n) + " ", em);
			return li;
		}));
		fields.get("statusCodes").replaceChildren(...entries
			.sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
			.map(([code, n]) => {
				const li = document.createElement("li");
				const b = document.createElement("b");
				b.textContent = code;
				li.append(b, " " + format.count(n));
				return li;
			}));
	}

	/* ---- history and charts ---- */
	const history = [];

	const css = (name) => getComputedStyle(body).getPropertyValue(name).trim();

	function niceCeiling(value) {
		if (!(value > 0)) return 1;
		const magnitude = 10 ** Math.floor(Math.log10(value));
		const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= value);
		return step * magnitude;
	}

	class Chart {
		constructor(id, series, options) {
			this.figure = document.getElementById(id);
			this.canvas = this.figure.querySelector("canvas");
			this.now = this.figure.querySelector(".now");
			this.series = series;
			this.options = options;
			new ResizeObserver(() => this.draw()).observe(this.canvas);
		}

		draw() {
			const { canvas } = this;
			const ratio = window.devicePixelRatio || 1;
			const width = canvas.clientWidth, height = canvas.clientHeight;
			if (width === 0 || height === 0) return;
			if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
				canvas.width = Math.round(width * ratio);
				canvas.height = Math.round(height * ratio);
			}
			const ctx = canvas.getContext("2d");
			ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
			ctx.clearRect(0, 0, width, height);

			const points = history.filter((p) => this.series.some((s) => Number.isFinite(s.value(p))));
			this.figure.dataset.points = String(points.length);
			const latest = points[points.length - 1];
			this.now.textContent = latest ? this.options.label(latest) : "";

			const max = this.options.max ?? niceCeiling(Math.max(0, ...points.flatMap((p) =>
				this.series.map((s) => s.value(p)).filter(Number.isFinite))) * 1.1);
			const left = 4, right = width - 4, top = 18, bottom = height - 20;
			const end = latest ? latest.t : Date.now();
			// Until five minutes have been seen, the time axis spans what has been (at least ten samples).
			const span = Math.min(windowMs, Math.max(10 * intervalMs, points.length ? end - points[0].t : 0));
			const x = (t) => left + ((t - (end - span)) / span) * (right - left);
			const y = (v) => bottom - (Math.min(v, max) / max) * (bottom - top);

			ctx.font = "11px system-ui, sans-serif";
			ctx.lineWidth = 1;
			ctx.strokeStyle = css("--grid");
			ctx.fillStyle = css("--muted");
			ctx.textBaseline = "bottom";
			for (let i = 0; i <= 4; i++) {
				const v = (max * i) / 4, gy = Math.round(y(v)) + 0.5;
				ctx.beginPath();
				ctx.moveTo(left, gy);
				ctx.lineTo(right, gy);
				ctx.stroke();
				if (i > 0) ctx.fillText(this.options.axis(v), left + 2, gy - 2);
			}
			ctx.textBaseline = "top";
			ctx.textAlign = "left";
			ctx.fillText("−" + format.span(span / 1000), left, bottom + 5);
			ctx.textAlign = "right";
			ctx.fillText("now", right, bottom + 5);
			ctx.textAlign = "left";

			for (const s of this.series) {
				const color = css(s.color);
				const line = points.filter((p) => Number.isFinite(s.value(p))).map((p) => [x(p.t), y(s.value(p))]);
				if (line.length === 0) continue;
				if (s.fill) {
					const gradient = ctx.createLinearGradient(0, top, 0, bottom);
					gradient.addColorStop(0, color + "55");
					gradient.addColorStop(1, color + "00");
					ctx.beginPath();
					ctx.moveTo(line[0][0], bottom);
					line.forEach(([px, py]) => ctx.lineTo(px, py));
					ctx.lineTo(line[line.length - 1][0], bottom);
					ctx.closePath();
					ctx.fillStyle = gradient;
					ctx.fill();
				}
				ctx.beginPath();
				line.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
				ctx.strokeStyle = color;
				ctx.lineWidth = 2;
				ctx.lineJoin = "round";
				ctx.stroke();
				const [lx, ly] = line[line.length - 1];
				ctx.beginPath();
				ctx.arc(lx, ly, 3, 0, 2 * Math.PI);
				ctx.fillStyle = color;
				ctx.fill();
			}
		}
	}

	// Axis labels without a trailing ".0": "75", "2.5MB/s", "10 ms".
	const axis = (formatter) => (value) => formatter(value).replace(/\.0(?=\D*$)/, "");

	const charts = [
		new Chart("chart-rps", [{ value: (p) => p.rps, color: "--series-rps", fill: true }],
			{ label: (p) => format.decimal(p.rps) + " req/s", axis: axis(format.decimal) }),
		new Chart("chart-throughput", [{ value: (p) => p.throughput, color: "--series-throughput", fill: true }],
			{ label: (p) => format.bytes(p.throughput) + "/s", axis: axis((v) => format.bytes(v) + "/s") }),
		new Chart("chart-latency", [
			{ value: (p) => p.p99, color: "--series-p99", fill: true },
			{ value: (p) => p.p50, color: "--series-p50", fill: false },
		], { label: (p) => `${format.latency(p.p50)} / ${format.latency(p.p99)} ms`, axis: axis((v) => format.latency(v) + " ms") }),
		new Chart("chart-hit", [{ value: (p) => p.hit, color: "--series-hit", fill: true }],
			{ label: (p) => format.percent(p.hit), axis: axis(format.percent), max: 1 }),
	];

	function onStats(snapshot) {
		const t = Date.parse(snapshot.timestamp) || Date.now();
		// Throughput: bytes sent over about the last second (like requests/s), or since the sample before when the
		// interval is a second or more. The first sample has nothing to compare with.
		let throughput = NaN;
		let base = history[0];
		for (let i = history.length - 1; i >= 0; i--) {
			if (t - history[i].t >= 1000 - intervalMs / 2) {
				base = history[i];
				break;
			}
		}
		if (base && t > base.t && snapshot.bytesSent >= base.bytesSent) {
			throughput = ((snapshot.bytesSent - base.bytesSent) * 1000) / (t - base.t);
		}
		history.push({
			t,
			bytesSent: snapshot.bytesSent,
			rps: snapshot.requestsPerSecond.last1s,
			throughput,
			p50: snapshot.latencyMillis.p50,
			p99: snapshot.latencyMillis.p99,
			hit: snapshot.cache.hitRatio,
		});
		while (history.length > maxPoints || (history.length > 0 && history[0].t < t - windowMs)) history.shift();

		setText("totalRequests", format.count(snapshot.totalRequests));
		setText("protocols", protocols(snapshot.protocolCounts));
		setText("requestsPerSecond", format.decimal(snapshot.requestsPerSecond.last1s));
		setText("averageRequestsPerSecond", format.decimal(snapshot.requestsPerSecond.last60s));
		if (Number.isFinite(throughput)) setText("throughput", format.bytes(throughput) + "/s");
		setText("bytesSent", format.bytes(snapshot.bytesSent));
		setText("activeConnections", format.count(snapshot.activeConnections));
		setText("latencyP50", format.latency(snapshot.latencyMillis.p50));
		setText("latencyP99", format.latency(snapshot.latencyMillis.p99));
		setText("hitRatio", format.percent(snapshot.cache.hitRatio));
		setText("cacheBytes", format.bytes(snapshot.cache.bytes));
		setText("cacheEntries", format.count(snapshot.cache.entries));
		renderCompression(snapshot.compression);
		for (const name of ["inFlight", "queued", "rejected", "abortedSlowClients"]) {
			setText(name, format.count(snapshot[name]));
			fields.get(name).dataset.nonzero = String(snapshot[name] > 0);
		}
		setText("uptime", format.duration(snapshot.uptimeSeconds));
		setText("updated", "at " + new Date(t).toLocaleTimeString());
		renderStatusMix(snapshot.statusCounts);
		body.dataset.samples = String(history.length);
		charts.forEach((chart) => chart.draw());
	}

	// The server renders each share as data-share: the page's Content-Security-Policy allows no inline style.
	for (const span of fields.get("statusBar").children) span.style.width = (Number(span.dataset.share) || 0) + "%";

	/* ---- the stream ---- */
	const status = document.getElementById("status");
	const statusLabel = status.querySelector(".label");
	const setState = (state, label) => {
		status.dataset.state = state;
		statusLabel.textContent = label;
	};

	function connect() {
		setState("connecting", "Connecting…");
		const source = new EventSource(body.dataset.stream);
		source.addEventListener("open", () => setState("live", "Live"));
		source.addEventListener("stats", (event) => {
			if (status.dataset.state !== "live") setState("live", "Live");
			onStats(JSON.parse(event.data));
		});
		source.addEventListener("error", () => {
			// The browser retries on its own (after the server's retry: hint) unless the stream was refused.
			if (source.readyState === EventSource.CLOSED) {
				setState("offline", "Offline");
				setTimeout(connect, 5000);
			}
			else {
				setState("reconnecting", "Reconnecting…");
			}
		});
	}

	window.staticfluxDashboard = { history, charts, format };
	connect();
})();
