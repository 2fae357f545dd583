//! One timed run of duplicate detection over the benchmark's input (1,000,000 people plus
//! 10,000 second entries), with the memory it takes measured by a counting allocator: what the
//! directory holds, and the peak dedup adds on top of it.
//!
//! `cargo run --release -p minglu-engine --example dedup_1m [PEOPLE [REPEAT]]`

#[path = "../benches/support/dedup_input.rs"]
mod dedup_input;

use minglu::dedup::{analyze, DedupOptions};
use minglu::Profile;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// The system allocator, counting the bytes live now and the most live since the last reset.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// CPU seconds this process has used (Linux; `None` elsewhere): on a busy machine wall time says
/// little, CPU time still measures the work.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let people: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let start = Instant::now();
    let directory = dedup_input::directory(people);
    let generated = start.elapsed();
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);

    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let found = analyze(&directory, &DedupOptions::new(Profile::Wecom));
    let took = start.elapsed();
    let peak = PEAK.load(Relaxed);
    let cpu = cpu_start.zip(cpu_seconds()).map_or(String::new(), |(a, b)| format!(" ({:.2} s CPU)", b - a));
    // `dedup_1m N R`: R more runs, for profiling the dedup rather than the generator.
    for _ in 0..std::env::args().nth(2).and_then(|a| a.parse::<usize>().ok()).unwrap_or(0) {
        std::hint::black_box(analyze(&directory, &DedupOptions::new(Profile::Wecom)));
    }
    println!(
        "{} rows (generated in {:.1} s): dedup {:.2} s{cpu}, {} groups, {} shared values",
        directory.people.len(),
        generated.as_secs_f64(),
        took.as_secs_f64(),
        found.groups.len(),
        found.common.len()
    );
    println!(
        "memory: directory {:.0} MiB; dedup peak {:.0} MiB on top; total peak during dedup {:.0} MiB",
        mib(base),
        mib(peak - base),
        mib(peak)
    );
}
