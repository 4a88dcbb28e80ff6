//! What tracking costs. Goals: setting a status and adding a note each under 5 ms; opening
//! a database of 100,000 tracked entries and reading them all (what the browser does at
//! start) under 200 ms; merging submissions of 10,000 entries under 1 s.

use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use reforms::track::store::Incoming;
use reforms::track::{Change, ItemKey, Ledger, SqliteLedger, Status};

/// `count` items, each with a status change, a deadline and a note, as a submission holds
/// them.
fn incoming(count: usize) -> Vec<Incoming> {
    (0..count)
        .map(|i| {
            let time = |s: u32| format!("2026-11-{:02}T08:{:02}:{:02}.000Z", 1 + i % 28, i % 60, s);
            let change = |s, field: &str, from: Option<&str>, to: &str| Change {
                time: time(s),
                author: "报送人".into(),
                field: field.into(),
                from: from.map(String::from),
                to: Some(to.into()),
            };
            Incoming {
                key: ItemKey::new("embedded", (i / 50) as u32 + 1, &format!("单位{}", i % 50)),
                history: vec![
                    change(1, "status", Some("not_started"), "in_progress"),
                    change(2, "deadline", None, "2026-12-31"),
                    change(3, "note", None, "已召开专题会议，部署落实工作"),
                ],
            }
        })
        .collect()
}

fn fresh(dir: &Path, name: &str) -> SqliteLedger {
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    SqliteLedger::open(&path).unwrap()
}

fn changes(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = fresh(dir.path(), "changes.sqlite3");
    db.merge(&incoming(1000)).unwrap();
    let key = ItemKey::new("embedded", 3, "单位7");
    let mut i = 0usize;
    c.bench_function("track set status", |b| {
        b.iter(|| {
            i += 1;
            let status = if i.is_multiple_of(2) {
                Status::Done
            } else {
                Status::InProgress
            };
            db.set_status(&key, status, "张三").unwrap()
        })
    });
    c.bench_function("track add note", |b| {
        b.iter(|| {
            db.add_note(&key, "已印发实施方案，正在组织培训", "张三")
                .unwrap()
        })
    });
}

fn open(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.sqlite3");
    SqliteLedger::open(&path)
        .unwrap()
        .merge(&incoming(100_000))
        .unwrap();
    c.bench_function("track open 100,000 entries and read them", |b| {
        b.iter(|| {
            let db = SqliteLedger::open(&path).unwrap();
            let entries = db.entries(None, None).unwrap();
            assert_eq!(entries.len(), 100_000);
            entries
        })
    });
}

fn merge(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let items = incoming(10_000);
    let mut group = c.benchmark_group("track");
    group.sample_size(10);
    group.bench_function("merge 10,000 entries into a fresh database", |b| {
        b.iter_batched(
            || fresh(dir.path(), "merge.sqlite3"),
            |mut db| db.merge(&items).unwrap(),
            BatchSize::PerIteration,
        )
    });
    let mut db = fresh(dir.path(), "again.sqlite3");
    db.merge(&items).unwrap();
    group.bench_function("merge the same 10,000 entries again", |b| {
        b.iter(|| db.merge(&items).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5));
    targets = changes, open, merge
}
criterion_main!(benches);
