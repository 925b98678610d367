//! Scraping arbitrary HTML never panics (one page alone, and a small one next to itself as a
//! second page); when it succeeds, the spec writes as canonical JSON and reads back equal, as
//! `regen` needs.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ram_scrape::Page;

fn service() -> ram_spec::Service {
    ram_spec::Service {
        code: "cr".to_owned(),
        name: "Container Registry".to_owned(),
    }
}

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let _ = ram_scrape::normalize(&html);
    let page = Page::new("f.html", &html);
    match ram_scrape::scrape(service(), std::slice::from_ref(&page)) {
        Ok(spec) => {
            let json = match spec.to_canonical_json() {
                Ok(json) => json,
                Err(e) => panic!("a scraped spec does not serialize canonically: {e}"),
            };
            match ram_spec::Spec::from_json(&json) {
                Ok(back) => assert_eq!(back, spec, "the scraped spec reads back different"),
                Err(e) => panic!("a scraped spec's canonical JSON does not read back: {e}"),
            }
        }
        Err(errors) => {
            let _ = errors.to_string();
        }
    }
    // The same page twice under two names: duplicate rows across pages. Only for small inputs,
    // where it costs little next to the full pages of the seed corpus.
    if html.len() <= 4096 {
        let second = Page::new("g.html", &html);
        if let Err(errors) = ram_scrape::scrape(service(), &[page, second]) {
            let _ = errors.to_string();
        }
    }
});
