// RELIABILITY S12: no secret is committed. Every file of the checkout (not build trees, not
// node_modules, not .git) is scanned for private keys, cloud and chat tokens, JWTs and long
// literals given to a name that says secret, token, password or key. A file may be allowed only
// with its reason written here.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace komek {
namespace {

namespace fs = std::filesystem;

const std::vector<std::pair<std::string, std::regex>>& patterns() {
  static const std::vector<std::pair<std::string, std::regex>> kPatterns = {
      {"private key", std::regex("-----BEGIN [A-Z ]*PRIVATE KEY-----")},
      {"AWS access key", std::regex("AKIA[0-9A-Z]{16}")},
      {"GitHub token", std::regex("gh[pousr]_[A-Za-z0-9]{36}")},
      {"Slack token", std::regex("xox[baprs]-[A-Za-z0-9-]{10,}")},
      {"Stripe key", std::regex("sk_live_[A-Za-z0-9]{16,}")},
      {"JWT", std::regex("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}")},
      {"secret literal",
       std::regex("(secret|token|passw(or)?d|api[_-]?key)[\"']?\\s*[:=]\\s*[\"'][A-Za-z0-9+/=_-]{16,}[\"']", std::regex::icase)},
  };
  return kPatterns;
}

// Files allowed to match, each with why (none today).
const std::map<std::string, std::string> kAllowed = {};

std::vector<std::string> findings_in(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& [name, re] : patterns())
    if (std::regex_search(text, re)) out.push_back(name);
  return out;
}

TEST(Secrets, ThePatternsFindWhatTheyAreFor) {
  // Built at run time, so that this file itself holds none.
  const std::string dashes(5, '-');
  EXPECT_EQ(findings_in(dashes + "BEGIN RSA PRIVATE" + " KEY" + dashes), std::vector<std::string>{"private key"});
  EXPECT_EQ(findings_in(std::string("AKIA") + "ABCDEFGHIJKLMNOP"), std::vector<std::string>{"AWS access key"});
  EXPECT_EQ(findings_in(std::string("sms_token = \"") + "c2VjcmV0LXRva2VuLXZhbHVl" + "\""),
            std::vector<std::string>{"secret literal"});
  EXPECT_TRUE(findings_in("password_file = \"pw\"").empty());  // a short value names a file, not a secret
}

TEST(Secrets, NoneIsInTheRepository) {
  const fs::path root = KOMEK_SOURCE_DIR;
  std::vector<std::string> found;
  std::size_t files = 0;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name == "node_modules" || name.rfind("build", 0) == 0 ||
                               name == "komek-data" || name == "test-results")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->file_size() > 2'000'000) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ++files;
    const std::string relative = fs::relative(it->path(), root).string();
    if (kAllowed.count(relative) != 0) continue;
    for (const auto& what : findings_in(text.str())) found.push_back(relative + ": " + what);
  }
  EXPECT_GT(files, 300u);
  EXPECT_TRUE(found.empty()) << [&] {
    std::string all;
    for (const auto& f : found) all += f + "\n";
    return all;
  }();
}

}  // namespace
}  // namespace komek
