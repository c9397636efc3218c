// The project's parts of the editor: the tag field with the site's tags as suggestions, then Decap's start.
(function () {
  "use strict";
  var h = window.h;

  function asList(value) {
    if (!value) return [];
    if (typeof value.toJS === "function") value = value.toJS();
    return Array.isArray(value) ? value.filter(function (tag) { return typeof tag === "string" && tag; }) : [];
  }

  var TagsControl = window.createClass({
    getInitialState: function () { return { text: "" }; },
    add: function () {
      var tag = this.state.text.normalize("NFC").replace(/\s+/g, " ").trim();
      var tags = asList(this.props.value);
      if (tag && tags.indexOf(tag) < 0) this.props.onChange(tags.concat([tag]));
      this.setState({ text: "" });
    },
    remove: function (tag) {
      this.props.onChange(asList(this.props.value).filter(function (other) { return other !== tag; }));
    },
    render: function () {
      var self = this;
      var listId = this.props.forID + "-goi-y";
      var suggestions = asList(this.props.field.get("goi_y"));
      return h("div", { className: this.props.classNameWrapper },
        h("ul", { className: "cchc-chu-de" }, asList(this.props.value).map(function (tag) {
          return h("li", { key: tag },
            h("span", null, tag),
            h("button", { type: "button", "aria-label": "Bỏ chủ đề " + tag, onClick: function () { self.remove(tag); } }, "×"));
        })),
        h("input", {
          id: this.props.forID, type: "text", list: listId, value: this.state.text, autoComplete: "off",
          "aria-describedby": listId,
          onChange: function (event) { self.setState({ text: event.target.value }); },
          onKeyDown: function (event) {
            if (event.key === "Enter" || event.key === ",") { event.preventDefault(); self.add(); }
          },
          onBlur: function () { if (self.state.text.trim()) self.add(); },
          onFocus: this.props.setActiveStyle
        }),
        h("datalist", { id: listId }, suggestions.map(function (tag) { return h("option", { key: tag, value: tag }); })));
    }
  });

  var TagsPreview = window.createClass({
    render: function () { return h("p", null, asList(this.props.value).join(", ")); }
  });

  window.CMS.registerWidget("cchc-chu-de", TagsControl, TagsPreview);
  window.CMS.init();
})();
