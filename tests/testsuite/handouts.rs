//! Printable handouts: HTML and PDF per guide and language, bilingual versions, the index
//! and the print pack. PDFs are read back with poppler's pdftotext and pdfinfo.

use crate::common::TestSite;
use std::path::Path;
use std::process::Command;

fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(output.status.success(), "pdftotext failed on {}", path.display());
    String::from_utf8(output.stdout).unwrap()
}

fn pdf_info(path: &Path, field: &str) -> String {
    let output = Command::new("pdfinfo").arg(path).output().expect("pdfinfo (poppler-utils) is installed");
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines().find_map(|l| l.strip_prefix(&format!("{field}:"))).map(|v| v.trim().to_string()).unwrap_or_default()
}

/// Squeezes whitespace and drops the bidi marks pdftotext puts around right-to-left runs,
/// so words can be found whatever the line breaks.
fn words(text: &str) -> String {
    let text: String =
        text.chars().filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}')).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_guide_gets_html_and_pdf_handouts_in_every_language() {
    let site = TestSite::new("basic");
    site.build_ok();
    for lang in ["en", "ar", "pl", "pt-BR"] {
        for guide in ["guides/alpha", "guides/beta", "guides/deep/gamma"] {
            let folder = site.public().join(lang).join(guide);
            assert!(folder.join("handout/index.html").is_file(), "{lang}/{guide}/handout/");
            assert!(folder.join("handout.pdf").is_file(), "{lang}/{guide}/handout.pdf");
            let bilingual = lang != "en";
            assert_eq!(folder.join("handout-bilingual.pdf").is_file(), bilingual, "{lang}/{guide} bilingual pdf");
            assert_eq!(folder.join("handout-bilingual/index.html").is_file(), bilingual);
        }
        assert!(site.public().join(lang).join("handouts/index.html").is_file());
        assert!(site.public().join(lang).join("handouts/all.pdf").is_file());
    }
    assert!(!site.public().join("en/guides/handout.pdf").exists(), "sections get no handout");
    let page = site.page("ar/guides/alpha/index.html");
    assert!(
        page.contains(r#"<a class="print-link" href="/help/ar/guides/alpha/handout/">اطبع هذا الدليل</a>"#),
        "print link"
    );
    let index = site.page("pl/handouts/index.html");
    assert!(index.contains(r#"href="/help/pl/guides/alpha/handout-bilingual.pdf""#));
    assert!(index.contains(r#"href="/help/pl/handouts/all.pdf""#));
}

#[test]
fn pdf_text_is_real_text_in_logical_order_with_title_and_language() {
    let site = TestSite::new("basic");
    site.build_ok();
    let arabic = site.public().join("ar/guides/alpha/handout.pdf");
    let text = words(&pdf_text(&arabic));
    assert!(text.contains("العنوان الأول"), "Arabic words in logical order: {text}");
    assert!(text.contains("دليل ألفا"), "{text}");
    assert_eq!(pdf_info(&arabic, "Title"), "دليل ألفا");
    let polish = site.public().join("pl/guides/alpha/handout.pdf");
    let text = words(&pdf_text(&polish));
    assert!(text.contains("Alpha guide"), "falls back to the English text: {text}");
    assert!(text.contains("Ostatnio sprawdzono: 1 listopada 2026"), "Polish labels and date: {text}");
    let meta = String::from_utf8(Command::new("pdfinfo").arg("-meta").arg(&arabic).output().unwrap().stdout).unwrap();
    assert!(meta.contains("<dc:language><rdf:Bag><rdf:li>ar</rdf:li>"), "the PDF says its language: {meta}");
}

#[test]
fn a_typical_guide_fits_on_one_or_two_pages() {
    let site = TestSite::new("basic");
    site.build_ok();
    for pdf in ["en/guides/alpha/handout.pdf", "ar/guides/alpha/handout.pdf", "pl/guides/beta/handout.pdf"] {
        let pages: usize = pdf_info(&site.public().join(pdf), "Pages").parse().unwrap();
        assert!((1..=2).contains(&pages), "{pdf}: {pages} pages");
    }
}

#[test]
fn bilingual_pdf_holds_both_languages() {
    let site = TestSite::new("basic");
    site.build_ok();
    let text = words(&pdf_text(&site.public().join("ar/guides/alpha/handout-bilingual.pdf")));
    assert!(text.contains("دليل ألفا") && text.contains("Alpha guide"), "{text}");
    let html = site.page("ar/guides/alpha/handout-bilingual/index.html");
    assert!(html.contains(r#"<article lang="ar" dir="rtl">"#) && html.contains(r#"<article lang="en" dir="ltr">"#));
}

#[test]
fn qr_code_points_to_the_same_guide_online_in_the_same_language() {
    let site = TestSite::new("basic");
    site.build_ok();
    let svg = site.page("ar/guides/alpha/handout/qr.svg");
    let url = "https://guides.example.org/help/ar/guides/alpha/";
    let expected = qrcode::QrCode::new(url.as_bytes()).unwrap();
    let drawn = qr_modules(&svg, expected.width());
    let colors = expected.to_colors();
    assert_eq!(drawn.len(), colors.len());
    assert!(
        drawn.iter().zip(&colors).all(|(d, c)| *d == (*c == qrcode::Color::Dark)),
        "the SVG draws the code for {url}"
    );
    assert!(site.page("ar/guides/alpha/handout/index.html").contains(url), "the address is printed beside it");
    let text: String =
        words(&pdf_text(&site.public().join("ar/guides/alpha/handout.pdf"))).split_whitespace().collect();
    assert!(text.contains(url), "the address is printed beside the code in the PDF: {text}");
}

/// Reads the dark modules back from qrcode's SVG: one `M{left} {top}h{size}v{size}H..V..`
/// square per dark module, after a quiet zone of 4 modules.
fn qr_modules(svg: &str, width: usize) -> Vec<bool> {
    let path = svg.split(" d=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a path");
    let mut dark = vec![false; width * width];
    for square in path.split('M').skip(1) {
        let numbers: Vec<usize> =
            square.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
        let (left, top, size) = (numbers[0], numbers[1], numbers[2]);
        dark[(top / size - 4) * width + (left / size - 4)] = true;
    }
    dark
}

#[test]
fn unchanged_handouts_are_reused_and_no_handouts_skips_them() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::new("basic");
    site.build_ok();
    let cache = site.root().join(".public-cache/handouts");
    let bundles = || -> Vec<_> {
        let mut list: Vec<_> = std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().file_name()).collect();
        list.sort();
        list
    };
    let first = bundles();
    assert!(!first.is_empty());
    let inode = |path: &str| std::fs::metadata(site.public().join(path)).unwrap().ino();
    let (alpha, beta) = ("ar/guides/alpha/handout.pdf", "ar/guides/beta/handout-bilingual.pdf");
    let (alpha_before, beta_before) = (inode(alpha), inode(beta));
    assert!(std::fs::metadata(site.public().join(beta)).unwrap().nlink() >= 2, "output PDFs are links into the cache");

    site.build_ok();
    assert_eq!(bundles(), first, "a second build reuses every handout");
    assert_eq!((inode(alpha), inode(beta)), (alpha_before, beta_before), "and typesets nothing");

    let text = std::fs::read_to_string(site.root().join("content/guides/alpha.md")).unwrap();
    site.write("content/guides/alpha.md", &text.replace("title: Alpha guide", "title: Alpha guide, edited"));
    site.build_ok();
    assert_ne!(inode(alpha), alpha_before, "the edited guide is made again");
    assert_eq!(inode(beta), beta_before, "the others are not");
    assert!(words(&pdf_text(&site.public().join("en/guides/alpha/handout.pdf"))).contains("Alpha guide, edited"));
    assert_eq!(bundles().len(), first.len(), "the old versions are pruned");

    let output = site.build(&["--no-handouts"]);
    assert!(output.status.success());
    assert!(!site.public().join("en/guides/alpha/handout.pdf").exists());
    assert!(!site.page("en/guides/alpha/index.html").contains("print-link"));
}
