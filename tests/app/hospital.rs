//! The hospital in the app: the LRS setting's `hospital` (saved in `lrs.ron`, deployable by the
//! hospital) is recorded in every new session's log header, `--hospital` overrides it, and an
//! invalid id is refused where it is saved or read.
#![cfg(feature = "app")]

use crate::support::app as app_support;

use app_support::*;
use bedside::app::Options;
use bedside::app::flow::{OpenCase, StartCase};
use bedside::app::lrs::{LrsDialog, LrsSettings, LrsSync, save};

fn started_log_hospital(app: &mut bevy::prelude::App) -> Option<String> {
    send(app, OpenCase(0));
    send(app, StartCase::default());
    let log = log_path(app);
    // The header is written before the first update ends (the log's thread syncs it).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Ok(s) = bedside::log::read(&log) {
            return s.header.hospital;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no header in {}",
            log.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        app.update();
    }
}

#[test]
fn the_settings_hospital_is_recorded_and_the_flag_overrides_it() {
    let data = data_dir("hospital-setting");
    std::fs::create_dir_all(&data).unwrap();
    // Nothing set: no hospital in the log (as before).
    let mut app = app_with(options(&data));
    assert_eq!(started_log_hospital(&mut app), None);
    // Saved from the dialog (trimmed), then a new app reads it from lrs.ron.
    let form = LrsSettings {
        hospital: "  tokyo-1 ".into(),
        ..LrsSettings::default()
    };
    send(&mut app, LrsDialog::Save(form));
    assert_eq!(
        app.world().resource::<LrsSync>().settings.hospital,
        "tokyo-1"
    );
    let text = std::fs::read_to_string(data.join("lrs.ron")).unwrap();
    assert!(text.contains("hospital: \"tokyo-1\""), "{text}");
    let mut app = app_with(options(&data));
    assert_eq!(started_log_hospital(&mut app).as_deref(), Some("tokyo-1"));
    // `--hospital` wins.
    let mut app = app_with(Options {
        hospital: Some("osaka-2".into()),
        ..options(&data)
    });
    assert_eq!(started_log_hospital(&mut app).as_deref(), Some("osaka-2"));
}

#[test]
fn an_invalid_hospital_is_refused_when_saved_and_when_read() {
    let data = data_dir("hospital-invalid");
    std::fs::create_dir_all(&data).unwrap();
    let mut app = app_with(options(&data));
    send(
        &mut app,
        LrsDialog::Save(LrsSettings {
            hospital: "St Mary's".into(),
            ..LrsSettings::default()
        }),
    );
    let sync = app.world().resource::<LrsSync>();
    let e = sync.save_error.clone().expect("refused");
    assert!(
        e.contains("hospital: the hospital id 'St Mary's' has a space at character 3"),
        "{e}"
    );
    assert!(!data.join("lrs.ron").exists(), "nothing saved");
    // A deployed lrs.ron with a bad id: said in the library, nothing sent, no hospital recorded.
    save(
        &data,
        &LrsSettings {
            hospital: "a/b".into(),
            ..LrsSettings::default()
        },
    )
    .unwrap();
    let mut app = app_with(options(&data));
    let e = app
        .world()
        .resource::<LrsSync>()
        .load_error
        .clone()
        .expect("reported");
    assert!(
        e.contains("lrs.ron: hospital: the hospital id 'a/b' has '/' at character 2"),
        "{e}"
    );
    assert_eq!(started_log_hospital(&mut app), None);
}
