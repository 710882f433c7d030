//! Cohort work on every core, in bounded memory, with output that does not depend on the
//! number of threads.
//!
//! A cohort may be 100,000 logs: holding every session (or every result) before writing
//! anything needs memory in proportion to the cohort (840 MB for 3,000 logs in `xapi export`
//! before issue 26). So the inputs are taken in chunks: each chunk is worked on by rayon's
//! threads (`RAYON_NUM_THREADS` caps them), its results are collected by index, and handed to a
//! sink on the calling thread in the inputs' order while the next chunk is worked on. What is
//! held at once is two chunks' results; the sink aggregates or writes as it goes. The chunk's
//! size changes nothing in the output, only how much is held.

use rayon::prelude::*;

/// Items per thread in a chunk: enough that the wait for a chunk's last item is small against
/// the chunk (a log takes about 0.2–1 ms), few enough that a chunk's results stay a few MB.
const PER_THREAD: usize = 128;

/// Runs `work` on every item (on every core) and hands the results to `sink` in the items'
/// order, as `(index, result)`. `progress` is called once per finished item, from any thread.
/// Stops at the first error of `sink` and returns it (once the chunk being worked on is done).
///
/// The sink runs on the calling thread (it may hold what cannot leave it, such as standard
/// output's lock) while rayon's threads work on the next chunk: sinking a chunk after it, with
/// the workers idle, made the writing of `xapi export` (gigabytes) a serial part of the run.
pub fn for_each_ordered<T: Sync, R: Send, E>(
    items: &[T],
    work: impl Fn(usize, &T) -> R + Sync,
    progress: impl Fn() + Sync,
    mut sink: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    let chunk = (rayon::current_num_threads() * PER_THREAD).max(1);
    let run = |base: usize, part: &[T]| -> Vec<R> {
        let mut done: Vec<R> = Vec::with_capacity(part.len());
        part.par_iter()
            .enumerate()
            .map(|(k, x)| {
                let r = work(base + k, x);
                progress();
                r
            })
            .collect_into_vec(&mut done);
        done
    };
    let mut sink_all = |base: usize, done: Vec<R>| -> Result<(), E> {
        for (k, r) in done.into_iter().enumerate() {
            sink(base + k, r)?;
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        let mut prev: Option<(usize, Vec<R>)> = None;
        for (c, part) in items.chunks(chunk).enumerate() {
            let base = c * chunk;
            // The chunk is handed to rayon from a thread of its own, so that this one can sink
            // the chunk before.
            let next = scope.spawn(move || run(base, part));
            let sunk = match prev.take() {
                Some((b, done)) => sink_all(b, done),
                None => Ok(()),
            };
            let done = next.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            sunk?;
            prev = Some((base, done));
        }
        match prev {
            Some((b, done)) => sink_all(b, done),
            None => Ok(()),
        }
    })
}

/// Writes a JSON array element by element, byte for byte as `serde_json::to_string_pretty`
/// writes the whole array (`[]` when empty), at a nesting `depth` (0: the array is the
/// document; 1: the value of a top-level object's key).
pub struct PrettyArray {
    depth: usize,
    started: bool,
}

impl PrettyArray {
    pub fn new(depth: usize) -> PrettyArray {
        PrettyArray {
            depth,
            started: false,
        }
    }

    /// One element, as `serde_json::to_string_pretty` writes it alone: re-indented here.
    pub fn element(&mut self, out: &mut impl std::io::Write, pretty: &str) -> std::io::Result<()> {
        self.indented(out, &PrettyArray::indent(self.depth, pretty))
    }

    /// An element as `serde_json::to_string_pretty` writes it alone, re-indented for an array
    /// at `depth`: what [`indented`](PrettyArray::indented) writes. Apart from it so that the
    /// work can be done on the thread that made the element, leaving the writer only a copy.
    pub fn indent(depth: usize, pretty: &str) -> String {
        let pad = "  ".repeat(depth + 1);
        let mut s = String::with_capacity(pretty.len() + pretty.len() / 8);
        // A pretty JSON text has no raw newline inside a string (they are escaped), so every
        // newline starts a line to indent.
        for (i, line) in pretty.split('\n').enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&pad);
            s.push_str(line);
        }
        s
    }

    /// One element already [`indent`](PrettyArray::indent)ed for this array's depth.
    pub fn indented(&mut self, out: &mut impl std::io::Write, text: &str) -> std::io::Result<()> {
        out.write_all(if self.started { b",\n" } else { b"[\n" })?;
        self.started = true;
        out.write_all(text.as_bytes())
    }

    /// Closes the array (`[]` if it had no element).
    pub fn finish(self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.started {
            out.write_all(b"\n")?;
            out.write_all("  ".repeat(self.depth).as_bytes())?;
            out.write_all(b"]")
        } else {
            out.write_all(b"[]")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_reach_the_sink_in_order() {
        let items: Vec<u32> = (0..5000).collect();
        let mut seen = Vec::new();
        for_each_ordered(
            &items,
            |i, x| (i, x * 3),
            || {},
            |i, (j, y)| {
                assert_eq!(i, j);
                seen.push(y);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, items.iter().map(|x| x * 3).collect::<Vec<_>>());
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let items: Vec<u32> = (0..5000).collect();
        let mut n = 0;
        let r = for_each_ordered(
            &items,
            |_, x| *x,
            || {},
            |_, x| {
                n += 1;
                if x == 10 { Err(x) } else { Ok(()) }
            },
        );
        assert_eq!((r, n), (Err(10), 11));
    }

    #[test]
    fn pretty_arrays_match_serde_json() {
        let docs = [
            serde_json::json!([]),
            serde_json::json!([{"a": [1, 2, {"b": "x\ny"}]}, 3, "s", {"c": {}}]),
        ];
        for d in docs {
            let mut out = Vec::new();
            let mut a = PrettyArray::new(0);
            for e in d.as_array().unwrap() {
                a.element(&mut out, &serde_json::to_string_pretty(e).unwrap())
                    .unwrap();
            }
            a.finish(&mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&d).unwrap()
            );
            // Nested one level, as the value of an object's key.
            let o = serde_json::json!({ "k": d });
            let mut out = b"{\n  \"k\": ".to_vec();
            let mut a = PrettyArray::new(1);
            for e in o["k"].as_array().unwrap() {
                a.element(&mut out, &serde_json::to_string_pretty(e).unwrap())
                    .unwrap();
            }
            a.finish(&mut out).unwrap();
            out.extend_from_slice(b"\n}");
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&o).unwrap()
            );
        }
    }
}
