//! A disk that fills up mid-session. The process's file-size limit (`RLIMIT_FSIZE`) makes log
//! writes fail partway, as a full disk does; this file holds one test, in its own process, so
//! that the limit touches nothing else.

#[path = "support/mod.rs"]
mod support;

use support as common;

use std::sync::Arc;

use bedside::log::{self, Syncing};
use bedside::session::{LiveSession, SessionError};
use bedside::sim::Order;
use common::limit_file_size;

/// A write that fails partway leaves no torn line: the log still verifies, every decision the
/// session reported as recorded is in it, and once there is room again the session goes on
/// and its finished log is byte for byte the log of the same session on a roomy disk. Whether
/// the session writes its lines itself or on a thread of its own.
#[test]
fn a_full_disk_loses_nothing_recorded_and_the_session_continues_once_there_is_room() {
    let case = common::mini_case();
    let dir = common::tempdir("full-disk");
    let info = common::info(3);
    let orders: Vec<(u64, Order)> = vec![
        (60, Order::new("examine")),
        (60, Order::new("lactate")),
        (
            60,
            Order {
                action: "fluid".into(),
                dose: Some((1000.0, "mL".into())),
                ..Order::default()
            },
        ),
        (120, Order::new("examine")),
        (
            60,
            Order {
                action: "start_norepinephrine".into(),
                rate: Some((0.1, "µg/kg/min".into())),
                ..Order::default()
            },
        ),
        (300, Order::new("examine")),
    ];
    // Each step is either simulated time passing or an order; either takes effect in the
    // simulation before its records are written, so a step whose write fails has happened.
    let steps: Vec<Result<u64, &Order>> = orders
        .iter()
        .flat_map(|(wait, o)| [Ok(*wait), Err(o)])
        .collect();
    let play = |s: &mut LiveSession, steps: &[Result<u64, &Order>]| -> Result<(), SessionError> {
        for step in steps {
            match step {
                Ok(wait) => s.advance(*wait)?,
                Err(o) => match s.apply(o) {
                    Ok(_) | Err(SessionError::Refused(_)) => {}
                    Err(e) => return Err(e),
                },
            }
        }
        Ok(())
    };

    let roomy = dir.join("roomy.jsonl");
    let mut r = LiveSession::start(Arc::clone(&case), &info, Some(&roomy)).unwrap();
    play(&mut r, &steps).unwrap();
    r.end().unwrap();

    // The disk fills at many different points: between lines and partway through the first,
    // second or third line of one step's records.
    let size = std::fs::metadata(&roomy).unwrap().len();
    let header = {
        let p = dir.join("header.jsonl");
        drop(LiveSession::start(Arc::clone(&case), &info, Some(&p)).unwrap());
        std::fs::metadata(&p).unwrap().len()
    };
    for room in (header + 1..size).step_by(41) {
        for syncing in [Syncing::Inline, Syncing::Background] {
            let full = dir.join(format!("full-{room}-{syncing:?}.jsonl"));
            let mut s =
                LiveSession::start_with(Arc::clone(&case), &info, Some(&full), syncing).unwrap();
            s.wait_saved().unwrap();
            limit_file_size(room);
            // Steps until a write fails; past the last step, it is the score line that fails.
            // Inline the step reports it; in the background, waiting for its lines does.
            let mut done = 0;
            let failed = loop {
                let step = match steps.get(done) {
                    Some(step) => play(&mut s, std::slice::from_ref(step)),
                    None => s.end().map(|_| ()),
                }
                .and_then(|()| s.wait_saved());
                match step {
                    Ok(()) if done < steps.len() => done += 1,
                    Ok(()) => panic!("the limit of {room} bytes was never reached"),
                    Err(e) => break e,
                }
            };
            limit_file_size(libc::RLIM_INFINITY);
            assert!(matches!(failed, SessionError::Log { .. }), "{failed}");
            assert!(s.unsaved_lines() > 0, "{syncing:?}: the failed lines wait");
            // What is on disk is a well-formed, unfinished log: no torn line, and exactly the
            // records the session reports as saved.
            let on_disk = log::read(&full).unwrap();
            assert!(on_disk.score.is_none());
            assert_eq!(on_disk.records.len(), s.saved_records(), "{syncing:?}");
            assert_eq!(
                on_disk.records[..],
                s.sim.records()[..on_disk.records.len()]
            );
            // Room again: the next step writes what was left over, then goes on.
            play(&mut s, steps.get(done + 1..).unwrap_or_default()).unwrap();
            s.end().unwrap();
            s.wait_saved().unwrap();
            assert_eq!(s.unsaved_lines(), 0);
            assert!(
                std::fs::read(&full).unwrap() == std::fs::read(&roomy).unwrap(),
                "{syncing:?}: with the disk full at {room} bytes the log differs from the roomy one"
            );
        }
    }
}
