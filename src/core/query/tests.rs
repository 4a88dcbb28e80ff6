// A highlight list with one range is the common case, not a mistaken `Vec` of a range.
#![allow(clippy::single_range_in_vec_init)]

use super::*;
use crate::core::catalog::Catalog;

fn reform(number: u32, title: &str, content: &str, agencies: &[&str]) -> Reform {
    Reform {
        number,
        title: title.into(),
        content: content.into(),
        scope: "全市".into(),
        agencies: agencies.iter().map(|&a| a.into()).collect(),
        lead: Vec::new(),
        document: None,
    }
}

fn real() -> (Vec<Reform>, SearchIndex) {
    let reforms = Catalog::embedded().unwrap().reforms;
    let index = SearchIndex::new(&reforms);
    (reforms, index)
}

/// Reform numbers of the hits, in rank order.
fn numbers(reforms: &[Reform], index: &SearchIndex, q: &str) -> Vec<u32> {
    index
        .search(&Query::parse(q), None)
        .iter()
        .map(|h| reforms[h.index].number)
        .collect()
}

fn small(reforms: &[Reform], q: &str) -> Vec<usize> {
    let index = SearchIndex::new(reforms);
    index
        .search(&Query::parse(q), None)
        .iter()
        .map(|h| h.index)
        .collect()
}

#[test]
fn empty_query_is_everything_in_document_order() {
    let (reforms, index) = real();
    assert_eq!(numbers(&reforms, &index, ""), (1..=42).collect::<Vec<_>>());
    assert_eq!(
        numbers(&reforms, &index, " \u{3000} "),
        (1..=42).collect::<Vec<_>>()
    );
    let hits = index.search(&Query::parse(""), Some(&[5, 2, 99]));
    assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![2, 5]);
}

#[test]
fn fuzzy_term_finds_title_first() {
    let (reforms, index) = real();
    let hits = numbers(&reforms, &index, "数据跨境");
    assert_eq!(hits[0], 1);
    let scattered = numbers(&reforms, &index, "数跨境");
    assert!(scattered.contains(&1), "chars in order with a gap");
}

#[test]
fn and_or_exact_anchors_negation() {
    let (reforms, index) = real();
    let or = numbers(&reforms, &index, "邮轮 | 飞机");
    assert!(or.contains(&20) && or.contains(&39), "{or:?}");
    let and = numbers(&reforms, &index, "'邮轮 '飞机");
    assert!(!and.contains(&20) || !and.contains(&39));
    assert_eq!(numbers(&reforms, &index, "^国际邮轮")[0], 20);
    assert!(!numbers(&reforms, &index, "^邮轮").contains(&20));
    assert_eq!(numbers(&reforms, &index, "租赁业务创新$"), vec![39]);
    let financing = numbers(&reforms, &index, "'融资");
    let not_leasing = numbers(&reforms, &index, "'融资 !租赁");
    assert!(not_leasing.len() < financing.len());
    for n in &not_leasing {
        let r = &reforms[*n as usize - 1];
        assert!(!r.title.contains("租赁") && !r.content.contains("租赁"));
        assert!(r.title.contains("融资") || r.content.contains("融资"));
    }
    assert!(!numbers(&reforms, &index, "!^国际").contains(&20));
    assert!(numbers(&reforms, &index, "!^国际").contains(&1));
    assert!(!numbers(&reforms, &index, "!创新$").contains(&39));
}

#[test]
fn negation_is_exact_and_anchors_are_on_the_title() {
    let rs = [
        reform(1, "甲乙", "丙", &["丁"]),
        reform(2, "甲x乙", "丙", &["丁"]),
    ];
    assert_eq!(small(&rs, "!甲乙"), vec![1], "not fuzzy: 甲x乙 stays");
    assert_eq!(small(&rs, "!丁"), Vec::<usize>::new(), "agencies count");
    assert_eq!(small(&rs, "^丙"), Vec::<usize>::new());
    assert_eq!(small(&rs, "^甲乙$"), vec![0]);
    assert_eq!(small(&rs, "'甲乙"), vec![0]);
}

#[test]
fn or_binds_tighter_than_and() {
    let rs = [
        reform(1, "甲乙", "", &["x"]),
        reform(2, "甲丙", "", &["x"]),
        reform(3, "乙", "", &["x"]),
    ];
    assert_eq!(small(&rs, "甲 乙 | 丙"), vec![0, 1]);
}

#[test]
fn smart_case_and_full_width() {
    let rs = [
        reform(1, "FT账户", "", &["x"]),
        reform(2, "ft账户", "", &["x"]),
        reform(3, "ＦＴ账户", "", &["x"]),
    ];
    assert_eq!(small(&rs, "ft"), vec![0, 1, 2]);
    assert_eq!(small(&rs, "FT"), vec![0, 2]);
    assert_eq!(small(&rs, "ＦＴ"), vec![0, 2]);
    assert_eq!(small(&rs, "'ｆｔ"), vec![0, 1, 2]);
    assert_eq!(small(&rs, "!FT"), vec![1]);
}

#[test]
fn pinyin_initials_full_and_polyphone() {
    let (reforms, index) = real();
    assert_eq!(numbers(&reforms, &index, "sjkj")[0], 1);
    assert_eq!(numbers(&reforms, &index, "shujukuajing")[0], 1);
    assert_eq!(numbers(&reforms, &index, "shujkj")[0], 1);
    assert!(numbers(&reforms, &index, "youlun").contains(&20));
    // 行 is read both háng and xíng: 人民银行天津市分行 by `yh`.
    let by_bank = numbers(&reforms, &index, "rmyh");
    let catalog = Catalog::embedded().unwrap();
    let bank = catalog
        .reforms
        .iter()
        .filter(|r| r.agencies.iter().any(|a| a == "人民银行天津市分行"));
    for r in bank {
        assert!(by_bank.contains(&r.number), "{}", r.number);
    }
    assert!(numbers(&reforms, &index, "yh").len() >= 9);
}

#[test]
fn highlights_are_char_ranges() {
    let (reforms, index) = real();
    let h = index.highlights(0, &Query::parse("数据跨境"));
    assert_eq!(h.title, vec![0..4]);
    let content: Vec<char> = reforms[0].content.chars().collect();
    for r in &h.content {
        let s: String = content[r.clone()].iter().collect();
        assert_eq!(s, "数据跨境");
    }
    let h = index.highlights(0, &Query::parse("sjkj"));
    assert_eq!(h.title, vec![0..4]);
    // “双首个” begins at char 6 of 数据跨境政策“双首个”制度创新.
    let h = index.highlights(0, &Query::parse("双个"));
    assert_eq!(h.title, vec![7..8, 9..10]);
    let h = index.highlights(0, &Query::parse("^数据 创新$ !xyz"));
    assert_eq!(h.title, vec![0..2, 13..15]);
    assert_eq!(h.agencies.len(), 3);
    let rs = [reform(1, "推进ＦＴ账户", "", &["人民银行天津市分行"])];
    let small = SearchIndex::new(&rs);
    let h = small.highlights(0, &Query::parse("ft yh"));
    assert_eq!(h.title, vec![2..4]);
    assert_eq!(h.agencies, vec![vec![2..4]]);
    assert_eq!(
        small.highlights(7, &Query::parse("ft")),
        Highlights::default()
    );
}

#[test]
fn ranking_title_contiguous_direct_and_ties() {
    let rs = [
        reform(1, "其他", "关于数据跨境的内容", &["x"]),
        reform(2, "数据跨境", "", &["x"]),
        reform(3, "数字证据跨省边境", "", &["x"]),
        reform(4, "推动数据跨境", "", &["x"]),
        reform(5, "其他", "数据跨境", &["x"]),
    ];
    // Title contiguous (start of field first, then ties in document order), title
    // scattered, then content hits.
    assert_eq!(small(&rs, "数据跨境"), vec![1, 3, 2, 4, 0]);
    let rs = [
        reform(1, "书记", "", &["x"]),
        reform(2, "sj", "", &["x"]),
        reform(3, "s-j", "", &["x"]),
    ];
    assert_eq!(small(&rs, "sj"), vec![1, 2, 0], "direct before pinyin");
    let rs = [
        reform(1, "甲", "乙", &["x"]),
        reform(2, "乙", "", &["x"]),
        reform(3, "甲", "", &["乙方"]),
    ];
    assert_eq!(small(&rs, "乙"), vec![1, 2, 0], "title, agency, content");
}

#[test]
fn malformed_queries_are_text() {
    let rs = [
        reform(1, "a|b!c'd^e$f", "", &["x"]),
        reform(2, "abc", "", &["x"]),
    ];
    for q in ["!", "'", "^", "$", "|", "!!", "^$", "'$", "| |", "$$"] {
        let hits = small(&rs, q);
        assert!(hits.iter().all(|&i| i < 2), "{q}");
    }
    assert_eq!(small(&rs, "|"), vec![0]);
    assert_eq!(small(&rs, "!"), vec![0]);
    assert_eq!(small(&rs, "$"), vec![0]);
}

#[test]
fn searcher_narrows_and_agrees_with_full_search() {
    let (_, index) = real();
    let mut searcher = Searcher::new();
    for input in [
        "",
        "数",
        "数据",
        "数据 ",
        "数据 跨",
        "数据 跨境",
        "数据 跨境 | 邮",
        "数",
        "s",
        "sj",
        "sjk",
        "sjkj",
        "sjkj !",
        "sjkj !x",
        "'融资",
        "'融资 !租赁",
    ] {
        let incremental: Vec<Hit> = searcher.search(&index, input).to_vec();
        let full = index.search(&Query::parse(input), None);
        assert_eq!(incremental, full, "{input:?}");
    }
}

#[test]
fn labels_match_by_chars_and_pinyin() {
    assert_eq!(match_label("hg", "天津海关"), Some(vec![2..4]));
    assert_eq!(match_label("haiguan", "天津海关"), Some(vec![2..4]));
    assert_eq!(match_label("海关", "天津海关"), Some(vec![2..4]));
    assert_eq!(match_label("津关", "天津海关"), Some(vec![1..2, 3..4]));
    assert_eq!(match_label("yh", "人民银行天津市分行"), Some(vec![2..4]));
    assert_eq!(match_label("", "天津海关"), Some(vec![]));
    assert_eq!(match_label("xyz", "天津海关"), None);
    assert_eq!(match_label("^天津 !海事", "天津海关"), Some(vec![0..2]));
    assert_eq!(match_label("!海关", "天津海关"), None);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Queries built from the operators, separators, Latin, full-width and Han text.
    fn query() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("!".to_string()),
                Just("'".to_string()),
                Just("^".to_string()),
                Just("$".to_string()),
                Just("|".to_string()),
                Just(" ".to_string()),
                Just("\u{3000}".to_string()),
                "[a-zA-Z]{1,4}",
                "[数据跨境邮轮飞机银行创新“”，。]{1,3}",
                "[ＡＢａｂ１，]{1,2}",
                any::<char>().prop_map(String::from),
            ],
            0..8,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn any_query_searches_and_highlights_within_bounds(input in query()) {
            let (reforms, index) = real();
            let q = Query::parse(&input);
            let hits = index.search(&q, None);
            prop_assert_eq!(&SearchIndex::search_once(&reforms, &q), &hits);
            for pair in hits.windows(2) {
                prop_assert!(
                    pair[0].score > pair[1].score
                        || (pair[0].score == pair[1].score && pair[0].index < pair[1].index)
                );
            }
            for hit in hits.iter().take(5) {
                let r = &reforms[hit.index];
                let h = index.highlights(hit.index, &q);
                let title = r.title.chars().count();
                let content = r.content.chars().count();
                prop_assert!(h.title.iter().all(|x| x.start < x.end && x.end <= title));
                prop_assert!(h.content.iter().all(|x| x.start < x.end && x.end <= content));
                prop_assert_eq!(h.agencies.len(), r.agencies.len());
            }
            let mut searcher = Searcher::new();
            let mut typed = String::new();
            for c in input.chars() {
                typed.push(c);
                let incremental = searcher.search(&index, &typed).to_vec();
                prop_assert_eq!(incremental, index.search(&Query::parse(&typed), None));
            }
            let _ = match_label(&input, "人民银行天津市分行");
        }
    }
}

#[test]
fn chinese_and_its_pinyin_rank_the_reforms_both_find_alike() {
    let (reforms, index) = real();
    for (han, spelt) in [
        ("数据", "shuju"),
        ("数据", "sj"),
        ("海关", "haiguan"),
        ("金融", "jinrong"),
        ("跨境", "kj"),
        ("数据跨境", "shujukuajing"),
    ] {
        let by_han = numbers(&reforms, &index, han);
        let by_pinyin = numbers(&reforms, &index, spelt);
        assert!(!by_han.is_empty(), "{han}");
        // Pinyin may find more (other characters of the same reading), characters may find
        // more (scattered in a field); those both find come in the same order.
        let common = |one: &[u32], other: &[u32]| -> Vec<u32> {
            one.iter().copied().filter(|n| other.contains(n)).collect()
        };
        let both = common(&by_han, &by_pinyin);
        assert!(!both.is_empty(), "{han} / {spelt}");
        assert_eq!(both, common(&by_pinyin, &by_han), "{han} / {spelt}");
    }
    // A title that starts with the characters ranks first either way.
    let index = SearchIndex::new(&[
        reform(1, "推进数据共享", "", &[]),
        reform(2, "数据共享", "", &[]),
    ]);
    assert_eq!(small_index(&index, "数据"), small_index(&index, "shuju"));
    assert_eq!(small_index(&index, "shuju"), [1, 0]);
}

fn small_index(index: &SearchIndex, q: &str) -> Vec<usize> {
    index
        .search(&Query::parse(q), None)
        .iter()
        .map(|h| h.index)
        .collect()
}

#[test]
fn an_unbuilt_index_answers_the_empty_query_as_the_built_one_does() {
    let reforms = Catalog::embedded().unwrap().reforms;
    let built = SearchIndex::new(&reforms);
    let unbuilt = SearchIndex::unbuilt(reforms.len());
    assert!(built.is_built() && !unbuilt.is_built());
    assert_eq!(unbuilt.len(), built.len());
    let empty = Query::parse("");
    assert_eq!(unbuilt.search(&empty, None), built.search(&empty, None));
    // Candidates out of order, repeated and out of range, as the built index takes them.
    let candidates = [7, 3, 3, 41, 42, 1000, 0];
    assert_eq!(
        unbuilt.search(&empty, Some(&candidates)),
        built.search(&empty, Some(&candidates))
    );
    // Nothing highlighted by either (the built one lists each agency's empty ranges).
    let (none, also_none) = (unbuilt.highlights(3, &empty), built.highlights(3, &empty));
    assert_eq!(none, Highlights::default());
    assert!(also_none.title.is_empty() && also_none.content.is_empty());
    assert!(also_none.agencies.iter().all(Vec::is_empty));
    assert!(unbuilt.title_highlights(3, &empty).is_empty());
    // A searcher that searched the unbuilt index searches the built one afresh.
    let mut searcher = Searcher::new();
    assert_eq!(searcher.search(&unbuilt, "").len(), reforms.len());
    let found = searcher.search(&built, "数据").to_vec();
    assert_eq!(found, built.search(&Query::parse("数据"), None));
    assert!(!found.is_empty() && found.len() < reforms.len());
}

/// A search run as a job elsewhere answers as the searcher does in one go, narrows from
/// what was finished last, and gives up, with nothing, once told to stop.
#[test]
fn a_job_answers_as_the_searcher_and_stops_when_told() {
    let (reforms, index) = real();
    let never = AtomicBool::new(false);
    let mut searcher = Searcher::new();
    let mut direct = Searcher::new();
    for input in ["数", "数据", "数据 跨境", "sj", "sjkj", "'融资 !租赁", ""] {
        assert!(!searcher.has(&index, input));
        let job = searcher.job(&index, input);
        assert_eq!(job.input(), input);
        let hits = job.run(&index, &never).expect("not stopped");
        assert_eq!(hits, direct.search(&index, input), "{input}");
        searcher.finish(job, hits);
        assert!(searcher.has(&index, input));
        assert_eq!(searcher.search(&index, input), direct.search(&index, input));
    }
    // After 数据, 数据跨境 only looks at 数据's hits; after 数据跨境, 数 looks at all.
    searcher.search(&index, "数据");
    let narrowing = searcher.job(&index, "数据跨境");
    assert_eq!(
        narrowing.candidates.as_ref().map(Vec::len),
        Some(index.search(&Query::parse("数据"), None).len())
    );
    assert!(searcher.job(&index, "数").candidates.is_none());

    let stopped = AtomicBool::new(true);
    assert_eq!(searcher.job(&index, "数").run(&index, &stopped), None);
    assert_eq!(
        index.search_until(&Query::parse("数据"), None, &stopped),
        None
    );
    // A job made for another index finds nothing there rather than wrong reforms.
    let other = SearchIndex::new(&reforms);
    assert_eq!(searcher.job(&index, "数").run(&other, &never), None);
    // On a big catalog too, where the search runs on all cores.
    let many = crate::core::synth::generate(&reforms, 5_000, 7);
    let big = SearchIndex::new(&many);
    assert_eq!(
        big.search_until(&Query::parse("数据"), None, &stopped),
        None
    );
    assert!(
        big.search_until(&Query::parse("数据"), None, &never)
            .is_some_and(|hits| !hits.is_empty())
    );
}

/// A single search without an index answers as the index does, for every kind of term, on
/// the embedded batch and on a catalog big enough to be searched on all cores.
#[test]
fn a_search_without_an_index_answers_as_the_index() {
    let (real, _) = real();
    let many = crate::core::synth::generate(&real, 3_000, 11);
    let queries = [
        "",
        "数据跨境",
        "数据 跨境",
        "sjkj",
        "shuju",
        "hg | 海关",
        "'融资 !租赁",
        "^数据",
        "制度$",
        "FT",
        "ft账户",
        "!数据",
        "ｆｔ",
        "2024",
        "数 据 跨",
        "zzzz",
        "海关",
        "市商务局 数据",
        "邮轮 | 飞机",
        "改革",
        "'天津市",
        "!海关 跨境",
        "ftz",
        "tjs",
        "shangwu",
    ];
    for reforms in [&real, &many] {
        let index = SearchIndex::new(reforms);
        for q in queries {
            let query = Query::parse(q);
            assert_eq!(
                SearchIndex::search_once(reforms, &query),
                index.search(&query, None),
                "{q} over {} reforms",
                reforms.len()
            );
        }
    }
}
