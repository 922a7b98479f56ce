// The command line's table (app/cli_spec.cpp) is the only list of options: `gorama --help` and
// the man page both print every command, option and exit status from it, and the parser takes
// exactly the options it lists, for exactly the commands it lists them under.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli_spec.hpp"
#include "run_options.hpp"
#include "scenarios/run_spec.hpp"

namespace cli = gorama::cli;

namespace {

// A value each option takes, so that the parser can be shown to accept it. A new option in the
// table without one here fails OptionsAreTakenByTheCommandsTheTableNames.
const std::map<std::string, std::string> kExampleValue{
    {"--set", "workers=3"},    {"--seed", "7"},    {"--mode", "parallel"},
    {"--speed", "2"},          {"--for", "1s"},    {"--trace", "t.json"},
    {"--events", "e.jsonl"},   {"--csv", "m.csv"}, {"--settings", "s.json"},
    {"--screenshot", "s.png"}, {"--after", "2s"},  {"--compare", "workers=6"},
};

// Words only: the man page's roff escapes undone and every run of white space made one space, so
// that help's wrapped lines and the man page's paragraphs compare as the same sentences.
std::string words(std::string text) {
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "\\-") == 0 || text.compare(i, 2, "\\&") == 0) {
            if (text[i + 1] == '-') plain += '-';
            ++i;
        } else {
            plain += text[i];
        }
    }
    std::istringstream in(plain);
    std::string word, out;
    while (in >> word)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

std::string help_text() {
    std::ostringstream out;
    cli::write_help(out);
    return words(out.str());
}

std::string man_text() {
    std::ostringstream out;
    cli::write_man_page(out);
    return words(out.str());
}

std::vector<std::string> args_for(const cli::OptionSpec& o, cli::Where where) {
    std::vector<std::string> args;
    if (where == cli::kRun) args.push_back("intro");
    args.emplace_back(o.flag);
    if (!o.value.empty()) args.push_back(kExampleValue.at(std::string(o.flag)));
    return args;
}

}  // namespace

TEST(CliSpec, HelpAndManPageNameEveryCommandOptionAndExitStatusInTheSameWords) {
    const std::string help = help_text(), man = man_text();
    for (const std::string& text : {help, man}) {
        for (const cli::CommandSpec& c : cli::commands()) {
            EXPECT_NE(text.find(words(std::string(c.synopsis))), std::string::npos) << c.synopsis;
            EXPECT_NE(text.find(words(std::string(c.text))), std::string::npos) << c.text;
        }
        for (const cli::OptionSpec& o : cli::options()) {
            EXPECT_NE(text.find(words(std::string(o.flag))), std::string::npos) << o.flag;
            EXPECT_NE(text.find(words(std::string(o.text))), std::string::npos) << o.flag;
        }
        for (const cli::ValueSpec& v : cli::values()) {
            EXPECT_NE(text.find(words(std::string(v.text))), std::string::npos) << v.name;
        }
        for (const cli::ExitSpec& e : cli::exit_statuses()) {
            EXPECT_NE(text.find(words(std::string(e.text))), std::string::npos) << e.status;
        }
    }
}

TEST(CliSpec, ManPageIsRoffWithTheSectionsAManReaderExpects) {
    std::ostringstream out;
    cli::write_man_page(out);
    const std::string page = out.str();
    EXPECT_EQ(page.find(".TH GORAMA 1"), page.find('\n') + 1);
    for (const char* section : {".SH NAME\ngorama \\- ", "\n.SH SYNOPSIS\n", "\n.SH DESCRIPTION\n",
                                "\n.SH COMMANDS\n", "\n.SH OPTIONS\n", "\n.SH EXIT STATUS\n"}) {
        EXPECT_NE(page.find(section), std::string::npos) << section;
    }
    // An option is written as roff's minus, so that it can be searched for and copied as typed.
    EXPECT_NE(page.find("\\-\\-screenshot"), std::string::npos);
    EXPECT_EQ(page.find(" --screenshot"), std::string::npos);
}

TEST(CliSpec, OptionsAreTakenByTheCommandsTheTableNamesAndRefusedByTheOthers) {
    for (const cli::OptionSpec& o : cli::options()) {
        ASSERT_TRUE(o.value.empty() || kExampleValue.count(std::string(o.flag)))
            << "no example value for " << o.flag;
        for (const cli::Where where : {cli::kWindow, cli::kRun}) {
            const auto command =
                where == cli::kRun ? gorama::Command::Run : gorama::Command::Window;
            std::string error;
            const auto parsed = gorama::parse_run_options(command, args_for(o, where), error);
            if ((o.where & where) != 0) {
                EXPECT_TRUE(parsed.has_value()) << o.flag << ": " << error;
            } else {
                EXPECT_FALSE(parsed.has_value()) << o.flag;
                EXPECT_NE(error.find("unknown option '" + std::string(o.flag) + "'"),
                          std::string::npos)
                    << error;
            }
        }
    }
}

TEST(CliSpec, AFlagTheTableDoesNotListIsRefusedWithAPointerToHelp) {
    std::string error;
    EXPECT_FALSE(gorama::parse_run_options(gorama::Command::Run, {"intro", "--colour"}, error));
    EXPECT_EQ(error, "unknown option '--colour' (see gorama --help)");
}

TEST(CliSpec, VersionIsTheProjectVersion) {
    EXPECT_EQ(cli::version(), GORAMA_PROJECT_VERSION);
    EXPECT_NE(help_text().find(std::string("gorama ") + GORAMA_PROJECT_VERSION), std::string::npos);
}

TEST(CliSpec, SpeedsRangeIsTheOneEveryEntryPointTakes) {
    std::ostringstream range;
    range << gorama::run_spec::kMinSpeed << " to " << gorama::run_spec::kMaxSpeed;
    const cli::OptionSpec* speed = cli::find_option(cli::kRun, "--speed");
    ASSERT_NE(speed, nullptr);
    EXPECT_NE(std::string(speed->text).find(range.str()), std::string::npos) << speed->text;
    for (const auto command : {gorama::Command::Run, gorama::Command::Window}) {
        std::string error;
        EXPECT_TRUE(gorama::parse_run_options(command, {"intro", "--speed", "0.1"}, error));
        EXPECT_TRUE(gorama::parse_run_options(command, {"intro", "--speed", "100"}, error));
        EXPECT_FALSE(gorama::parse_run_options(command, {"intro", "--speed", "0.09"}, error));
        EXPECT_EQ(error, "--speed must be from 0.1 to 100, not 0.09");
        EXPECT_FALSE(gorama::parse_run_options(command, {"intro", "--speed", "101"}, error));
    }
}
